using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagApp.Core.Documents;
using RagApp.Core.Embeddings;
using RagApp.Core.Options;
using RagApp.Core.Retrieval;

namespace RagApp.Core.Ingestion;

/// <summary>
/// Keeps the index in step with files and folders: adds new documents, replaces changed ones, forgets deleted ones.
/// Reading (hashing, extraction, chunking) runs one document ahead of embedding and writing, through a bounded channel,
/// so memory stays bounded whatever the folder size. The index store must already be open.
/// </summary>
public sealed partial class DocumentIngestor(
    IIndexStore store,
    ExtractorSelector extractors,
    IDocumentChunker chunker,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IOptions<IngestionOptions> options,
    ILogger<DocumentIngestor> logger)
{
    /// <summary>Chunks gathered from ready documents before one embedding call.</summary>
    private const int GroupChunks = 128;

    // The encoder starts loading as the first new or changed file is extracted (about 2.7 s on a new index, while the
    // extraction keeps one core busy), not when its chunks reach the writer; a run with nothing new never loads it.
    private readonly DocumentReader _reader = new(extractors, chunker, options.Value, () => generator.GetService<IEncoderInfo>()?.StartLoading());
    private readonly DocumentWriter _writer = new(store, generator);

    /// <summary>Ingests <paramref name="paths"/> (files and folders) incrementally.</summary>
    public async Task<IngestionSummary> IngestAsync(IReadOnlyList<string> paths, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var summary = new IngestionSummary();
        var (files, duplicates) = SourceFileList.Build(paths, summary);
        var known = new Dictionary<string, DocumentManifest>(StringComparer.Ordinal);
        await foreach (var manifest in store.ListDocumentsAsync(cancellationToken))
        {
            known[manifest.Source] = manifest;
        }

        var state = new RunState(files.Count, progress, generator.GetService<IEncoderInfo>());
        var channel = Channel.CreateBounded<IngestionWork>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        var embeddingBefore = _writer.EmbeddingTime;
        var reading = Task.Run(() => ReadAllAsync(files, known, summary, state, channel.Writer, cancellationToken), cancellationToken);
        await WriteAllAsync(channel.Reader, summary, state, cancellationToken);
        summary.ExtractSeconds = Math.Round((await reading).TotalSeconds, 3);
        summary.EmbedSeconds = Math.Round((_writer.EmbeddingTime - embeddingBefore).TotalSeconds, 3);

        summary.Removed += await RemoveDeletedAsync(paths, files, known, cancellationToken);
        summary.Removed += await RemoveOtherNamesAsync(files, duplicates, known, cancellationToken);

        var statistics = await store.GetStatisticsAsync(cancellationToken);
        summary.Documents = statistics.Documents;
        summary.Chunks = statistics.Chunks;
        summary.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
        return summary;
    }

    /// <summary>Reads every file into the channel; returns the time spent reading (not waiting for the writer).</summary>
    private async Task<TimeSpan> ReadAllAsync(List<SourceFile> files, Dictionary<string, DocumentManifest> known, IngestionSummary summary, RunState state, ChannelWriter<IngestionWork> writer, CancellationToken cancellationToken)
    {
        var busy = TimeSpan.Zero;
        try
        {
            foreach (var file in files)
            {
                known.TryGetValue(file.Source, out var manifest);
                state.Reading(file.Source);
                var started = Stopwatch.GetTimestamp();
                var (work, outcome) = await _reader.ReadAsync(file, manifest, summary, cancellationToken);
                busy += Stopwatch.GetElapsedTime(started);
                if (work is null || work is TouchedDocument)
                {
                    lock (summary)
                    {
                        summary.Unchanged += outcome == "unchanged" ? 1 : 0;
                    }
                }

                if (work is null)
                {
                    state.FileDone(file.Source, outcome.StartsWith("unchanged", StringComparison.Ordinal) ? null : $"{file.Source}: {outcome}");
                    continue;
                }

                await writer.WriteAsync(work, cancellationToken);
            }

            state.Reading(null);
            writer.Complete();
            return busy;
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private async Task WriteAllAsync(ChannelReader<IngestionWork> reader, IngestionSummary summary, RunState state, CancellationToken cancellationToken)
    {
        var group = new List<IngestionWork>();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            // Take what is ready, up to a group of chunks worth one embedding call, so small files share batches.
            group.Clear();
            var chunks = 0;
            while (chunks < GroupChunks && reader.TryRead(out var work))
            {
                group.Add(work);
                chunks += work is PreparedDocument prepared ? prepared.Chunks.Count : 0;
            }

            var counts = await _writer.WriteAsync(group, state, cancellationToken);
            state.Embedding(null);
            for (var i = 0; i < group.Count; i++)
            {
                Record(group[i], counts[i], summary, state);
            }
        }
    }

    private void Record(IngestionWork work, (int Embedded, int Reused) count, IngestionSummary summary, RunState state)
    {
        lock (summary)
        {
            summary.EmbeddedChunks += count.Embedded;
            summary.ReusedChunks += count.Reused;
            switch (work)
            {
                case PreparedDocument { IsUpdate: true }: summary.Updated++; break;
                case PreparedDocument: summary.Added++; break;
                case EmptiedDocument: summary.Removed++; break;
            }
        }

        LogStored(logger, work.File.Source, count.Embedded, count.Reused);
        state.FileDone(work.File.Source, null);
    }

    /// <summary>
    /// Forgets documents stored under another name of a file this run stored: from an inner folder before (<c>x.md</c>
    /// from <c>ingest docs/sub</c>, now <c>sub/x.md</c> from <c>ingest docs</c>), or through a link now skipped as a
    /// duplicate. One file is one document, under the name of the latest run.
    /// </summary>
    private async Task<int> RemoveOtherNamesAsync(
        List<SourceFile> files, List<(SourceFile File, string Owner)> duplicates, Dictionary<string, DocumentManifest> known, CancellationToken cancellationToken)
    {
        var listed = files.ToDictionary(f => f.FullPath, f => f.Source, StringComparer.Ordinal);
        // Two skipped names can be one source (a link "l.md" in two folders given): matched by the stored path too.
        var skipped = duplicates.ToLookup(d => d.File.Source, StringComparer.Ordinal);
        var removed = 0;
        foreach (var manifest in known.Values)
        {
            string? keeper = null;
            if (listed.TryGetValue(manifest.FullPath, out var now) && now != manifest.Source)
            {
                keeper = now;
            }
            else
            {
                keeper = skipped[manifest.Source].FirstOrDefault(d => d.File.FullPath == manifest.FullPath).Owner;
            }

            // Only once the name kept is stored: a file that failed to read this run keeps its old entry.
            if (keeper is not null && await store.GetDocumentAsync(keeper, cancellationToken) is not null
                && await store.RemoveDocumentAsync(manifest.Source, cancellationToken))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Forgets documents that were ingested from one of the folders given but are no longer there.</summary>
    private async Task<int> RemoveDeletedAsync(IReadOnlyList<string> paths, List<SourceFile> files, Dictionary<string, DocumentManifest> known, CancellationToken cancellationToken)
    {
        var seen = files.Select(f => f.FullPath).ToHashSet(StringComparer.Ordinal);
        var roots = paths.Select(Path.GetFullPath).Where(Directory.Exists)
            .Select(r => r.EndsWith(Path.DirectorySeparatorChar) ? r : r + Path.DirectorySeparatorChar).ToArray();
        var removed = 0;
        foreach (var manifest in known.Values)
        {
            var underRoot = roots.Any(r => manifest.FullPath.StartsWith(r, StringComparison.Ordinal));
            if (underRoot && !seen.Contains(manifest.FullPath) && !File.Exists(manifest.FullPath)
                && await store.RemoveDocumentAsync(manifest.Source, cancellationToken))
            {
                removed++;
            }
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Source}: {Embedded} chunks embedded, {Reused} reused")]
    private static partial void LogStored(ILogger logger, string source, int embedded, int reused);

    private sealed class RunState(int total, IProgress<IngestionProgress>? progress, IEncoderInfo? encoder) : IEmbeddingProgress
    {
        private int _done;
        private int _embedded;
        private volatile string? _reading;
        private volatile string? _embedding;

        /// <inheritdoc/>
        public void Starting(string source) => Embedding(source);

        /// <summary>Counts chunks as they are embedded and reports them, so a long document shows progress before it is stored.</summary>
        public void Embedded(int count, string source) =>
            Report(Volatile.Read(ref _done), Interlocked.Add(ref _embedded, count), source);

        public void FileDone(string source, string? message) =>
            Report(Interlocked.Increment(ref _done), Volatile.Read(ref _embedded), source, message);

        /// <summary>The reader starts on <paramref name="source"/> (null: it has finished), so a long extraction shows what it is on.</summary>
        public void Reading(string? source)
        {
            _reading = source;
            Report(Volatile.Read(ref _done), Volatile.Read(ref _embedded), source);
        }

        /// <summary>The writer starts embedding <paramref name="source"/>'s chunks (null: it is done with them).</summary>
        public void Embedding(string? source)
        {
            _embedding = source;
            Report(Volatile.Read(ref _done), Volatile.Read(ref _embedded), source);
        }

        private void Report(int done, int embedded, string? source, string? message = null) =>
            progress?.Report(new IngestionProgress(done, total, embedded, source, message)
            {
                Reading = _reading,
                Embedding = _embedding,
                LoadingEncoder = _embedding is not null && encoder is { IsLoaded: false },
            });
    }
}
