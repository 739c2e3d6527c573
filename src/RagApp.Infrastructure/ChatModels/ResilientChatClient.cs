using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using RagApp.Core.Chat;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Wraps a provider's chat client: gives each call (and each pause in a stream) <c>Chat:TimeoutSeconds</c>, retries a
/// rate-limited request honouring Retry-After and, once, a request whose kept-alive connection the server had already
/// closed (both only before any text arrived), and turns every failure into a one-line
/// <see cref="ChatProviderException"/> through <see cref="ChatErrorTranslator"/>, including a stream from an HTTP
/// provider that ends without a finish reason (empty, or cut off).
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ChatErrorTranslator _translator;
    private readonly TimeSpan _timeout;
    private readonly int _maxAttempts;
    private readonly TimeSpan _maxRetryDelay;

    private readonly bool _streamsEndWithFinishReason;

    /// <param name="innerClient">The provider's client.</param>
    /// <param name="translator">Turns failures into one-line messages.</param>
    /// <param name="timeout">Longest wait for a response, and for the next piece of a stream.</param>
    /// <param name="streamsEndWithFinishReason">
    /// True for HTTP providers whose streams end with a finish reason: a stream that ends without one was cut off
    /// (a server or proxy closing the connection cleanly in the middle of an answer, or before it, leaving it empty).
    /// </param>
    /// <param name="maxAttempts">Attempts of a rate-limited request.</param>
    /// <param name="maxRetryDelay">Longest pause honoured from a Retry-After header.</param>
    public ResilientChatClient(
        IChatClient innerClient,
        ChatErrorTranslator translator,
        TimeSpan timeout,
        bool streamsEndWithFinishReason = false,
        int maxAttempts = 3,
        TimeSpan? maxRetryDelay = null)
        : base(innerClient)
    {
        _streamsEndWithFinishReason = streamsEndWithFinishReason;
        _translator = translator;
        _timeout = timeout;
        _maxAttempts = Math.Max(1, maxAttempts);
        _maxRetryDelay = maxRetryDelay ?? TimeSpan.FromSeconds(30);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(_timeout);
            try
            {
                return await base.GetResponseAsync(list, options, timer.Token);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw _translator.Timeout(ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await PauseOrThrowAsync(ex, attempt, cancellationToken);
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var received = false;
            var answering = false;
            var finished = false;
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(_timeout);
            var enumerator = base.GetStreamingResponseAsync(list, options, timer.Token).GetAsyncEnumerator(timer.Token);
            Exception? failure = null;
            try
            {
                while (true)
                {
                    ChatResponseUpdate update;
                    try
                    {
                        if (!await enumerator.MoveNextAsync())
                        {
                            // Some clients end a stream quietly when their token is cancelled: that was the timer.
                            if (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                            {
                                throw _translator.Timeout();
                            }

                            // ...or the caller, who stopped the answer: no error to report.
                            cancellationToken.ThrowIfCancellationRequested();
                            if (_streamsEndWithFinishReason && !finished)
                            {
                                throw answering ? _translator.StreamCut() : _translator.ClosedBeforeAnswer();
                            }

                            yield break;
                        }

                        update = enumerator.Current;
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw _translator.Timeout(ex);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        if (received)
                        {
                            throw _translator.Translate(ex);
                        }

                        failure = ex;
                        break;
                    }

                    received = true;
                    answering |= update.Text.Length > 0;
                    finished |= HasFinishReason(update);
                    timer.CancelAfter(_timeout);
                    yield return update;
                }
            }
            finally
            {
                await DisposeQuietlyAsync(enumerator);
            }

            await PauseOrThrowAsync(failure, attempt, cancellationToken);
        }
    }

    private async Task PauseOrThrowAsync(Exception exception, int attempt, CancellationToken cancellationToken)
    {
        var failure = _translator.Describe(exception);
        if (failure.ConnectionClosedBeforeResponse && attempt == 1)
        {
            return; // once, at once, on a new connection
        }

        if (!failure.IsRateLimit)
        {
            // Only failures before any text come here: a closed connection did not cut an answer, it gave none.
            throw failure.ConnectionClosed ? _translator.ClosedBeforeAnswer(exception) : _translator.Translate(exception);
        }

        if (attempt >= _maxAttempts)
        {
            throw _translator.RateLimited(attempt, exception);
        }

        var wait = failure.RetryAfter ?? TimeSpan.FromSeconds(attempt);
        await Task.Delay(wait < _maxRetryDelay ? wait : _maxRetryDelay, cancellationToken);
    }

    // Semantic Kernel's bridge leaves ChatResponseUpdate.FinishReason empty; the OpenAI SDK's update underneath has it.
    private static bool HasFinishReason(ChatResponseUpdate update) =>
        update.FinishReason is not null
        || update.RawRepresentation is OpenAI.Chat.StreamingChatCompletionUpdate { FinishReason: not null }
        || (update.RawRepresentation is StreamingChatMessageContent { Metadata: { } metadata }
            && metadata.TryGetValue("FinishReason", out var reason) && reason is not null);

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> enumerator)
    {
        try
        {
            await enumerator.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The stream already failed; disposing a broken connection may throw again and must not hide the first error.
        }
    }
}
