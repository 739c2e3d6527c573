namespace RagApp.Core.Ingestion;

/// <summary>
/// Watches files and folders and signals once changes have settled: no event for the quiet period, so that a file
/// still being written is picked up once, when it is complete, rather than on every write.
/// </summary>
public sealed class ChangeWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly TimeSpan _quiet;
    private long _lastEventTicks;
    private int _pending;

    public ChangeWatcher(IEnumerable<string> paths, TimeSpan quiet)
    {
        _quiet = quiet;
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            var isFile = File.Exists(path);
            var watcher = new FileSystemWatcher(isFile ? Path.GetDirectoryName(path)! : path)
            {
                IncludeSubdirectories = !isFile,
                Filter = isFile ? Path.GetFileName(path) : "*",
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            var root = isFile ? Path.GetDirectoryName(path)! : path;
            FileSystemEventHandler onChange = (_, e) =>
            {
                // Hidden entries (an index folder inside the watched one, editors' swap files) are not ingested: ignore them.
                if (!IsHidden(root, e.FullPath))
                {
                    OnEvent(this, e);
                }
            };
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (_, e) =>
            {
                if (!IsHidden(root, e.FullPath) || !IsHidden(root, e.OldFullPath))
                {
                    OnEvent(this, e);
                }
            };
            watcher.Error += (_, _) => OnEvent(this, EventArgs.Empty);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    /// <summary>Completes when something changed and nothing more has happened for the quiet period.</summary>
    public async Task WaitForSettledChangeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            if (Volatile.Read(ref _pending) == 0)
            {
                continue;
            }

            var sinceLast = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastEventTicks));
            if (sinceLast >= _quiet)
            {
                Interlocked.Exchange(ref _pending, 0);
                return;
            }
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    private static bool IsHidden(string root, string path) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.'));

    private void OnEvent(object? sender, EventArgs e)
    {
        Interlocked.Exchange(ref _lastEventTicks, DateTime.UtcNow.Ticks);
        Interlocked.Exchange(ref _pending, 1);
    }
}
