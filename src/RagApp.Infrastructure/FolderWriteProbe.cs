namespace RagApp.Infrastructure;

/// <summary>
/// Whether a file can be created in a folder, found by creating one (deleted on close): permissions alone do not say it,
/// a read-only mount or another user's folder do not show in them, and root may write where they say no.
/// </summary>
public static class FolderWriteProbe
{
    /// <summary>Null when a file can be created in <paramref name="folder"/>; else why not ("permission denied", or the system's reason).</summary>
    public static string? WhyNotWritable(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (IOException ex)
        {
            return ex.Message.TrimEnd('.');
        }
    }
}
