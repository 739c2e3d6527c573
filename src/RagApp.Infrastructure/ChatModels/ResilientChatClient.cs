using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Wraps a provider's chat client: gives each call (and each pause in a stream) <c>Chat:TimeoutSeconds</c>, retries a
/// rate-limited request honouring Retry-After (only before any text arrived), and turns every failure into a one-line
/// <see cref="ChatProviderException"/> through <see cref="ChatErrorTranslator"/>.
/// </summary>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ChatErrorTranslator _translator;
    private readonly TimeSpan _timeout;
    private readonly int _maxAttempts;
    private readonly TimeSpan _maxRetryDelay;

    public ResilientChatClient(IChatClient innerClient, ChatErrorTranslator translator, TimeSpan timeout, int maxAttempts = 3, TimeSpan? maxRetryDelay = null)
        : base(innerClient)
    {
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
        if (!failure.IsRateLimit)
        {
            throw _translator.Translate(exception);
        }

        if (attempt >= _maxAttempts)
        {
            throw _translator.RateLimited(attempt, exception);
        }

        var wait = failure.RetryAfter ?? TimeSpan.FromSeconds(attempt);
        await Task.Delay(wait < _maxRetryDelay ? wait : _maxRetryDelay, cancellationToken);
    }

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
