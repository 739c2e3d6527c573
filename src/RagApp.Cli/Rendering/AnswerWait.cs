using System.Runtime.CompilerServices;
using RagApp.Core.Chat;
using Spectre.Console;

namespace RagApp.Cli.Rendering;

/// <summary>
/// The wait before an answer's first words (retrieval, then a model that may take seconds to start), shown on a terminal
/// as a spinner that goes once the text begins: a user is not left looking at a blank line.
/// </summary>
public static class AnswerWait
{
    /// <summary>
    /// <paramref name="stream"/> as it comes, its wait for the first text shown under a spinner on <paramref name="console"/>
    /// when one is given.
    /// </summary>
    public static async IAsyncEnumerable<AnswerUpdate> WithSpinner(
        IAsyncEnumerable<AnswerUpdate> stream, IAnsiConsole? console, string label, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        foreach (var update in await UntilFirstTextAsync(updates, console, label))
        {
            yield return update;
        }

        while (await updates.MoveNextAsync())
        {
            yield return updates.Current;
        }
    }

    /// <summary>
    /// Reads <paramref name="updates"/> up to its first text (or its end), under a spinner on <paramref name="console"/>
    /// when one is given, and returns the updates read, in order; the caller goes on reading the enumerator from there.
    /// </summary>
    public static async Task<IReadOnlyList<AnswerUpdate>> UntilFirstTextAsync(IAsyncEnumerator<AnswerUpdate> updates, IAnsiConsole? console, string label)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var read = new List<AnswerUpdate>();
        async Task ReadAsync()
        {
            while (await updates.MoveNextAsync())
            {
                read.Add(updates.Current);
                if (updates.Current.Kind is AnswerUpdateKind.Text or AnswerUpdateKind.Completed)
                {
                    return;
                }
            }
        }

        if (console is null)
        {
            await ReadAsync();
        }
        else
        {
            await console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(label), _ => ReadAsync());
        }

        return read;
    }
}
