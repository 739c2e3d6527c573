using System.Diagnostics;
using RagApp.Cli.Hosting;
using RagApp.Core.Ingestion;

namespace RagApp.Cli.Rendering;

/// <summary>
/// Ingestion progress as plain lines on standard error (not a terminal, or <c>--watch</c>): each notable file, and a
/// status line whenever two seconds pass without one, naming the file being read or embedded, so that a long PDF or the
/// first batch of a large file does not leave the user waiting in silence. Dispose it when the run ends.
/// </summary>
public sealed class PlainIngestionProgress : IProgress<IngestionProgress>, IDisposable
{
    private readonly ErrorConsole _error;
    private readonly TimeSpan _quiet;
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private IngestionProgress? _latest;
    private string? _lastStatus;
    private long _lastLine = Stopwatch.GetTimestamp();
    private bool _disposed;

    /// <param name="error">Standard error.</param>
    /// <param name="quiet">How long without a line before the status is written again (default two seconds).</param>
    /// <param name="checkEvery">How often that is checked (default half a second).</param>
    public PlainIngestionProgress(ErrorConsole error, TimeSpan? quiet = null, TimeSpan? checkEvery = null)
    {
        _error = error;
        _quiet = quiet ?? TimeSpan.FromSeconds(2);
        var period = checkEvery ?? TimeSpan.FromSeconds(0.5);
        _timer = new Timer(_ => WriteIfQuiet(), null, period, period);
    }

    /// <summary>The line for a report: files, chunks, and what is being read or embedded now.</summary>
    public static string StatusLine(IngestionProgress p) =>
        $"{p.FilesDone}/{p.FilesTotal} files, {p.ChunksEmbedded} chunks embedded"
        + (p.Embedding is { } embedding ? $"; embedding {embedding}{(p.LoadingEncoder ? " (loading the encoder)" : string.Empty)}" : string.Empty)
        + (p.Reading is { } reading && p.FilesDone < p.FilesTotal ? $"; reading {reading}" : string.Empty);

    public void Report(IngestionProgress value)
    {
        lock (_gate)
        {
            _latest = value;
            if (value.Message is not null)
            {
                Write(value.Message);
            }
            else if (value.FilesTotal > 0 && (value.FilesDone == value.FilesTotal || Stopwatch.GetElapsedTime(_lastLine) > _quiet))
            {
                WriteStatus(value);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void WriteIfQuiet()
    {
        lock (_gate)
        {
            if (!_disposed && _latest is { } latest && latest.FilesDone < latest.FilesTotal && Stopwatch.GetElapsedTime(_lastLine) > _quiet)
            {
                WriteStatus(latest);
            }
        }
    }

    /// <summary>The status line, unless it is the last one written (the final count is reported more than once).</summary>
    private void WriteStatus(IngestionProgress progress)
    {
        var line = StatusLine(progress);
        if (progress.FilesDone < progress.FilesTotal || line != _lastStatus)
        {
            Write(line);
            _lastStatus = line;
        }
    }

    private void Write(string line)
    {
        _error.WriteLine(OneLine.Of(line));
        _lastLine = Stopwatch.GetTimestamp();
    }
}
