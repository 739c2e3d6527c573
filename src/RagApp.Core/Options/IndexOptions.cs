namespace RagApp.Core.Options;

/// <summary>Where the embedded index lives.</summary>
public sealed class IndexOptions
{
    public const string SectionName = "Index";

    /// <summary>Folder of the embedded index, relative to the working directory. Default <c>.ragapp</c>.</summary>
    public string Path { get; set; } = ".ragapp";
}
