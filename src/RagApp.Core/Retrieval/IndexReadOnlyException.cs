namespace RagApp.Core.Retrieval;

/// <summary>
/// The embedded index cannot be written (its folder or files are read-only to this user, or the file system is): it can
/// still be read, but a command that changes it is refused before it changes anything. The message is one line that names
/// the folder and the cause.
/// </summary>
public sealed class IndexReadOnlyException : Exception
{
    public IndexReadOnlyException(string indexFolder, string cause, Exception? innerException = null)
        : base(
            $"the index at {indexFolder} is read-only ({cause}): ingest, remove and eval need write access to the folder and its files; " +
            "run them as a user who may write there, or copy the index to a writable folder and pass --index DIR",
            innerException)
    {
        IndexFolder = indexFolder;
        Cause = cause;
    }

    /// <summary>The index folder.</summary>
    public string IndexFolder { get; }

    /// <summary>Why it cannot be written, e.g. <c>permission denied</c>.</summary>
    public string Cause { get; }
}
