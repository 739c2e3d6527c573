using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagApp.Core.Options;
using RagApp.Core.Prompts;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Chat;

/// <summary>
/// Retrieve, then answer from the relevant passages only: with no relevant passage it says so without calling the model;
/// with the extractive provider it quotes the best sentences; otherwise it prompts the model with numbered sources,
/// streams the answer and drops citations to sources that were never given.
/// </summary>
public sealed class GroundedAnswerService : IGroundedAnswerService
{
    /// <summary>The answer when the index holds nothing relevant; the prompt asks the model for the same sentence.</summary>
    public const string NotFoundAnswer = "I could not find anything about that in the indexed documents.";

    private readonly IRetriever _retriever;
    private readonly IChatClientSource _chatClients;
    private readonly IPromptProvider _prompts;
    private readonly ChatProviderOptions _chatOptions;
    private readonly RetrievalOptions _retrievalOptions;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;

    /// <param name="retriever">Finds the passages.</param>
    /// <param name="chatClients">The configured chat model, or none (extractive).</param>
    /// <param name="prompts">The prompt templates.</param>
    /// <param name="chatOptions">Chat settings.</param>
    /// <param name="retrievalOptions">Retrieval settings.</param>
    /// <param name="embeddings">When given, extractive answers also rank sentences by their meaning, not only by shared words.</param>
    public GroundedAnswerService(
        IRetriever retriever,
        IChatClientSource chatClients,
        IPromptProvider prompts,
        IOptions<ChatProviderOptions> chatOptions,
        IOptions<RetrievalOptions> retrievalOptions,
        IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(chatClients);
        ArgumentNullException.ThrowIfNull(prompts);
        _retriever = retriever;
        _chatClients = chatClients;
        _prompts = prompts;
        _chatOptions = chatOptions.Value;
        _retrievalOptions = retrievalOptions.Value;
        _embeddings = embeddings;
    }

    /// <inheritdoc/>
    public string ProviderName => _chatClients.ProviderName;

    /// <inheritdoc/>
    public async Task<GroundedAnswer> AskAsync(string question, int? top = null, CancellationToken cancellationToken = default)
    {
        await foreach (var update in StreamAsync(question, [], top, cancellationToken))
        {
            if (update is { Kind: AnswerUpdateKind.Completed, Answer: { } answer })
            {
                return answer;
            }
        }

        throw new InvalidOperationException("The answer stream ended without an answer.");
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AnswerUpdate> StreamAsync(
        string question,
        IReadOnlyList<ChatMessage> history,
        int? top = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(history);
        question = question.Trim();
        var client = _chatClients.GetChatClient();
        var provider = _chatClients.ProviderName;
        var kept = ChatHistoryTrimmer.Trim(history, _chatOptions.HistoryTokenBudget);

        var searchQuery = await new QueryRewriter(client, _prompts).RewriteAsync(question, kept, cancellationToken);
        yield return new AnswerUpdate(AnswerUpdateKind.SearchQuery, searchQuery);

        var retrieved = await _retriever.RetrieveAsync(new RetrievalRequest(searchQuery, top ?? _retrievalOptions.Top), cancellationToken);
        var sources = ContextBuilder.Number(retrieved.Where(r => r.IsRelevant));
        if (sources.Count == 0)
        {
            yield return new AnswerUpdate(AnswerUpdateKind.Text, NotFoundAnswer);
            yield return Completed(new GroundedAnswer(NotFoundAnswer, false, provider, [], [], searchQuery));
            yield break;
        }

        if (client is null)
        {
            var similarities = await SentenceSimilaritiesAsync(question, sources, cancellationToken);
            var extract = ExtractiveAnswerer.Answer(question, sources, similarities);
            yield return new AnswerUpdate(AnswerUpdateKind.Text, extract.Text);
            yield return Completed(new GroundedAnswer(extract.Text, true, provider, Cite(extract.Cited, sources), sources, searchQuery));
            yield break;
        }

        var prompt = await _prompts.RenderAsync(
            PromptNames.GroundedAnswer,
            new Dictionary<string, string>
            {
                [PromptNames.Sources] = ContextBuilder.Build(sources),
                [PromptNames.History] = kept.Count == 0 ? "(none)" : QueryRewriter.FormatHistory(kept),
                [PromptNames.Question] = question,
            },
            cancellationToken);
        var options = new ChatOptions
        {
            MaxOutputTokens = prompt.MaxOutputTokens ?? _chatOptions.MaxOutputTokens,
            Temperature = prompt.Temperature ?? _chatOptions.Temperature,
        };

        var filter = new CitationStreamFilter(sources.Count);
        await foreach (var piece in StreamTextAsync(client, provider, prompt.Messages, options, cancellationToken))
        {
            var shown = filter.Push(piece);
            if (shown.Length > 0)
            {
                yield return new AnswerUpdate(AnswerUpdateKind.Text, shown);
            }
        }

        var rest = filter.Flush();
        if (rest.Length > 0)
        {
            yield return new AnswerUpdate(AnswerUpdateKind.Text, rest);
        }

        var check = filter.Result;
        var text = check.Text.Trim();
        var grounded = check.Cited.Count > 0 || !text.Contains(NotFoundAnswer.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
        yield return Completed(new GroundedAnswer(text, grounded, provider, Cite(check.Cited, sources), sources, searchQuery));
    }

    private static AnswerUpdate Completed(GroundedAnswer answer) => new(AnswerUpdateKind.Completed, "", answer);

    private static List<Citation> Cite(IEnumerable<int> numbers, IReadOnlyList<NumberedSource> sources) =>
        [.. numbers.Order().Select(n => sources[n - 1].ToCitation())];

    private static ChatProviderException Wrap(string provider, Exception ex) =>
        new($"Chat provider '{provider}' failed: {ex.Message.Split('\n')[0].Trim()}", ex);

    // The model's text pieces; a failure that the provider layer did not translate still becomes one line.
    private static async IAsyncEnumerable<string> StreamTextAsync(
        IChatClient client,
        string provider,
        IReadOnlyList<ChatMessage> messages,
        ChatOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = client.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ChatProviderException)
        {
            throw Wrap(provider, ex);
        }

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
                catch (Exception ex) when (ex is not OperationCanceledException and not ChatProviderException)
                {
                    throw Wrap(provider, ex);
                }

                if (update.Text is { Length: > 0 } text)
                {
                    yield return text;
                }
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>Cosine similarity of each candidate sentence to the question (vectors are normalised), or null without an encoder.</summary>
    private async Task<IReadOnlyList<double>?> SentenceSimilaritiesAsync(string question, IReadOnlyList<NumberedSource> sources, CancellationToken cancellationToken)
    {
        if (_embeddings is null)
        {
            return null;
        }

        var sentences = ExtractiveAnswerer.Candidates(sources).Select(c => c.Text).ToList();
        if (sentences.Count == 0)
        {
            return null;
        }

        var query = await _embeddings.GenerateAsync(question, Embeddings.EmbeddingPurpose.ForQuery(), cancellationToken);
        var vectors = await _embeddings.GenerateAsync(sentences, Embeddings.EmbeddingPurpose.ForPassage(), cancellationToken);
        return [.. vectors.Select(v => (double)System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(query.Vector.Span, v.Vector.Span))];
    }
}
