using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RagApp.Core.Chat;

namespace RagApp.Cli.Tests.Chat;

/// <summary>Plays one scripted behaviour per question: a streamed answer, an error, or a stall until cancelled.</summary>
internal sealed class ScriptedAnswerService : IGroundedAnswerService
{
    private readonly Queue<Func<string, CancellationToken, IAsyncEnumerable<AnswerUpdate>>> _script = new();

    public List<int> HistoryCounts { get; } = [];

    public string ProviderName => "scripted";

    public ScriptedAnswerService Then(Func<string, CancellationToken, IAsyncEnumerable<AnswerUpdate>> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public Task<GroundedAnswer> AskAsync(string question, int? top = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public IAsyncEnumerable<AnswerUpdate> StreamAsync(string question, IReadOnlyList<ChatMessage> history, int? top = null, CancellationToken cancellationToken = default)
    {
        HistoryCounts.Add(history.Count);
        return _script.Dequeue()(question, cancellationToken);
    }

    public static async IAsyncEnumerable<AnswerUpdate> Fail(string message)
    {
        await Task.Yield();
        yield return new AnswerUpdate(AnswerUpdateKind.SearchQuery, "q");
        throw new ChatProviderException(message);
    }

    public static async IAsyncEnumerable<AnswerUpdate> StallAfter(string text, Action started, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new AnswerUpdate(AnswerUpdateKind.Text, text);
        started();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
