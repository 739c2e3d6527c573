namespace RagApp.Tests.Shared;

/// <summary>
/// Makes a folder tree read-only as <c>chmod -R a-w</c> does, and writable again for clean-up. Root ignores these
/// permissions, so tests that need the operating system to refuse a write ask <see cref="PermissionsApply"/> first.
/// </summary>
public static class ReadOnlyFolder
{
    private const UnixFileMode Write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>True when this process is refused writes to a read-only file: not on Windows, not as root.</summary>
    public static bool PermissionsApply => !OperatingSystem.IsWindows() && !Environment.IsPrivilegedProcess;

    /// <summary>Why a permission-dependent test is skipped here, for <c>Assert.Skip</c>.</summary>
    public const string SkipReason =
        "needs a process that file permissions apply to (not root, not Windows): root may write a read-only folder; " +
        "the read-only store itself is covered by the tests that open it with OpenReadOnly";

    /// <summary>Removes write permission from <paramref name="folder"/>, everything under it, and nothing else.</summary>
    public static void Apply(string folder) => Change(folder, mode => mode & ~Write);

    /// <summary>Gives the owner write permission back (so the folder can be deleted).</summary>
    public static void Undo(string folder) => Change(folder, mode => mode | UnixFileMode.UserWrite);

    private static void Change(string folder, Func<UnixFileMode, UnixFileMode> change)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Prepend(folder))
        {
            File.SetUnixFileMode(entry, change(File.GetUnixFileMode(entry)));
        }
    }
}
