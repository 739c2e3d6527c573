using RagApp.Core.Evaluation;

namespace RagApp.Cli.Commands;

/// <summary>
/// Writes a BEIR corpus as one Markdown file per document (<c># title</c>, then the text), named by the escaped document
/// id, so that it is ingested exactly as users' files are. Unchanged files are not rewritten, so a second run on the same
/// index re-uses everything; files of documents no longer in the corpus are deleted, so that ingesting the folder removes
/// them from the index too.
/// </summary>
public static class BeirCorpusFiles
{
    private const string Extension = ".md";

    public static async Task<int> WriteAsync(BeirDataset dataset, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in dataset.Corpus)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(folder, Uri.EscapeDataString(document.Id) + Extension);
            var content = document.Title.Length > 0 ? $"# {document.Title.ReplaceLineEndings(" ")}\n\n{document.Text}\n" : document.Text + "\n";
            if (!File.Exists(path) || !string.Equals(await File.ReadAllTextAsync(path, cancellationToken), content, StringComparison.Ordinal))
            {
                await File.WriteAllTextAsync(path, content, cancellationToken);
            }

            written.Add(Path.GetFileName(path));
        }

        foreach (var stale in Directory.EnumerateFiles(folder, "*" + Extension).Where(f => !written.Contains(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        return written.Count;
    }

    /// <summary>The corpus id of a source written by <see cref="WriteAsync"/>.</summary>
    public static string DocumentIdOf(string source) =>
        Uri.UnescapeDataString(source.EndsWith(Extension, StringComparison.Ordinal) ? source[..^Extension.Length] : source);
}
