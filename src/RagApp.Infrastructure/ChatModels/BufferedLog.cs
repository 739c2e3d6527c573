using Microsoft.Extensions.Logging;

namespace RagApp.Infrastructure.ChatModels;

/// <summary>
/// Holds log entries back while something that may fail runs (llama.cpp loading a model writes its errors before the
/// load returns): on success they go to the real log as they were; on failure the caller reports one line, with the first
/// error, and the entries go to the real log at debug level only.
/// </summary>
internal sealed partial class BufferedLog : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    /// <summary>The message of the first entry at error level or above, trimmed, or null.</summary>
    public string? FirstError
    {
        get
        {
            lock (_entries)
            {
                return _entries.FirstOrDefault(e => e.Level >= LogLevel.Error).Message?.Trim();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception).TrimEnd()));
        }
    }

    /// <summary>Writes the entries to <paramref name="log"/>, each at its own level, or all at debug when <paramref name="demote"/>.</summary>
    public void ReplayTo(ILogger log, bool demote)
    {
        ArgumentNullException.ThrowIfNull(log);
        lock (_entries)
        {
            foreach (var (level, message) in _entries)
            {
                Write(log, demote ? LogLevel.Debug : level, message);
            }

            _entries.Clear();
        }
    }

    [LoggerMessage(Message = "{Message}")]
    private static partial void Write(ILogger logger, LogLevel level, string message);
}
