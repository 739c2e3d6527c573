using RagApp.Core.Retrieval;
using RagApp.Infrastructure;

namespace RagApp.Cli.Hosting;

/// <summary>
/// One writer per embedded index: an exclusive lock on <c>ingest.lock</c> in the index folder (released by the OS if the
/// process dies). A second <c>ingest</c> waits for it, then refuses with a clear message. An index that cannot be written
/// (a read-only folder, file or file system) is refused at once with <see cref="IndexReadOnlyException"/>.
/// </summary>
public sealed class IndexLock : IDisposable
{
    public const string FileName = "ingest.lock";

    private readonly FileStream _stream;

    private IndexLock(FileStream stream) => _stream = stream;

    public static async Task<IndexLock> AcquireAsync(string indexPath, TimeSpan wait, Action onWaiting, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(indexPath);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IndexReadOnlyException(indexPath, "permission denied: the folder cannot be created", ex);
        }

        var path = Path.Combine(indexPath, FileName);
        var deadline = DateTime.UtcNow + wait;
        var warned = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString());
                stream.Write(pid);
                stream.Flush();
                return new IndexLock(stream);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new IndexReadOnlyException(indexPath, $"permission denied: {FileName} cannot be opened for writing", ex);
            }
            catch (IOException ex) when (FolderWriteProbe.WhyNotWritable(indexPath) is { } cause)
            {
                throw new IndexReadOnlyException(indexPath, cause, ex);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!warned)
                {
                    onWaiting();
                    warned = true;
                }

                await Task.Delay(250, cancellationToken);
            }
            catch (IOException)
            {
                throw new InvalidOperationException($"another `ragapp ingest` is writing to the index '{indexPath}'; try again when it has finished");
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
