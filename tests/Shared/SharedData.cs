namespace RagApp.Tests.Shared;

/// <summary>
/// Finds the project's shared data folder (<c>../shared/</c> beside the checkout, as on CI), walking up from the test
/// binaries. <c>RAGAPP_SHARED_DIR</c> overrides it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The <c>shared</c> folder.</summary>
    public static string Root => s_root.Value;

    /// <summary>A path under <c>shared/data</c>.</summary>
    public static string DataPath(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RAGAPP_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "data", "README.md")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The shared data folder (../shared beside the checkout) was not found; set RAGAPP_SHARED_DIR.");
    }
}
