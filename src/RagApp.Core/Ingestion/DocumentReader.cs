using RagApp.Core.Documents;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Ingestion;

/// <summary>
/// The reading stage of ingestion: decides from the manifest whether a file changed (size and time first, then the
/// content hash, so unchanged files are not read twice), picks an extractor by content sniffing and extension, extracts
/// and chunks. Failures and skips are reported through the summary; it never touches the store.
/// </summary>
/// <param name="extractors">Picks the extractor of a file.</param>
/// <param name="chunker">Cuts extracted documents into chunks.</param>
/// <param name="options">The ingestion options.</param>
/// <param name="extracting">Called before a new or changed file is extracted (its chunks will likely need embedding).</param>
internal sealed class DocumentReader(
    ExtractorSelector extractors,
    IDocumentChunker chunker,
    IngestionOptions options,
    Action? extracting = null)
{
    /// <summary>The work for one file, or null when nothing is to be done (unchanged, skipped or failed: the outcome says which).</summary>
    public async Task<(IngestionWork? Work, string Outcome)> ReadAsync(SourceFile file, DocumentManifest? known, IngestionSummary summary, CancellationToken cancellationToken)
    {
        var info = new FileInfo(file.FullPath);
        if (!info.Exists)
        {
            return Fail(summary, file, "file disappeared before it could be read");
        }

        if (known is not null && IsAnotherFile(known.FullPath, file))
        {
            // Same name, another file that is still there (two folders' notes.txt, ingested in two runs): replacing it
            // would silently drop the document already stored.
            return Fail(summary, file.FullPath, $"its name '{file.Source}' is taken in the index by {known.FullPath}; "
                + "ingest both from a folder above them, or `ragapp remove` the other first");
        }

        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (known is not null && known.SizeBytes == info.Length && known.ModifiedUtc == modified
            && string.Equals(known.FullPath, file.FullPath, StringComparison.Ordinal))
        {
            return (null, "unchanged");
        }

        if (info.Length == 0)
        {
            // Emptied since it was stored: its old text no longer is the file's, so it goes, as a file left with no text does.
            return known is null ? Skip(summary, file, "empty file") : (new EmptiedDocument(file), "removed (file is empty)");
        }

        if (info.Length > options.MaxFileBytes)
        {
            return Skip(summary, file, $"file is {info.Length / (1024 * 1024)} MiB, above Ingestion:MaxFileBytes ({options.MaxFileBytes / (1024 * 1024)} MiB)");
        }

        try
        {
            await using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var hash = await ContentHash.OfStreamAsync(stream, cancellationToken);
            var manifest = new DocumentManifest(file.Source, file.FullPath, info.Length, modified, hash, 0, "", "", DateTimeOffset.UtcNow);
            if (known is not null && string.Equals(known.ContentSha256, hash, StringComparison.Ordinal))
            {
                return (new TouchedDocument(file, manifest with { ChunkCount = known.ChunkCount, Format = known.Format, Title = known.Title }), "unchanged");
            }

            stream.Position = 0;
            var extractor = await extractors.SelectAsync(stream, file.FullPath, cancellationToken);
            if (extractor is null)
            {
                return Skip(summary, file, ExtractorSelector.UnsupportedReason(file.FullPath));
            }

            extracting?.Invoke();
            var document = await extractor.ExtractAsync(stream, file.FullPath, cancellationToken);
            var chunks = chunker.Chunk(document);
            if (chunks.Count == 0)
            {
                return known is null
                    ? Skip(summary, file, "no text found")
                    : (new EmptiedDocument(file), "removed (no text left)");
            }

            var extension = Path.GetExtension(file.FullPath).ToLowerInvariant();
            var fileType = extension.Length > 1 ? extension[1..] : document.Format;
            manifest = manifest with { ChunkCount = chunks.Count, Format = document.Format, Title = document.Title };
            return (new PreparedDocument(file, manifest, chunks, fileType, known is not null), known is null ? "added" : "updated");
        }
        catch (DocumentExtractionException ex)
        {
            return Fail(summary, file, ex.Message);
        }
        catch (FileNotFoundException)
        {
            return Fail(summary, file, "file disappeared before it could be read");
        }
        catch (DirectoryNotFoundException)
        {
            return Fail(summary, file, "file disappeared before it could be read");
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(summary, file, "permission denied");
        }
        catch (IOException ex)
        {
            return Fail(summary, file, $"cannot read: {OneLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(summary, file, $"{ex.GetType().Name}: {OneLine(ex.Message)}");
        }
    }

    /// <summary>True when the stored path is another file than <paramref name="file"/> and still exists (not a move).</summary>
    private static bool IsAnotherFile(string storedPath, SourceFile file) =>
        !string.Equals(storedPath, file.FullPath, StringComparison.Ordinal)
        && File.Exists(storedPath)
        && !string.Equals(SourceFileWalker.RealPath(storedPath), file.RealPath, StringComparison.Ordinal);

    private static (IngestionWork?, string) Fail(IngestionSummary summary, SourceFile file, string error) => Fail(summary, file.Source, error);

    private static (IngestionWork?, string) Fail(IngestionSummary summary, string path, string error)
    {
        lock (summary)
        {
            summary.Failed.Add(new IngestionFailure(path, error));
        }

        return (null, $"failed: {error}");
    }

    private static (IngestionWork?, string) Skip(IngestionSummary summary, SourceFile file, string reason)
    {
        lock (summary)
        {
            summary.Skipped.Add(new IngestionSkip(file.Source, reason));
        }

        return (null, $"skipped: {reason}");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
