namespace RagApp.Infrastructure.Tests.Extraction;

/// <summary>Finds the repository's documents/ sample set from the test binaries.</summary>
internal static class SampleDocuments
{
    public static string PathOf(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RagApp.sln")))
            {
                return Path.Combine(dir.FullName, "documents", name);
            }
        }

        throw new DirectoryNotFoundException("RagApp.sln not found above the test binaries.");
    }
}
