namespace RagApp.Cli.Tests;

/// <summary>The repository's documents/ folder, copied into a test folder.</summary>
public static class SampleDocuments
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RagApp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("RagApp.sln not found above the test binaries");
    }

    /// <summary>Copies documents/ to <paramref name="target"/> and returns the copy's path.</summary>
    public static string CopyTo(string target)
    {
        var source = Path.Combine(RepositoryRoot(), "documents");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
