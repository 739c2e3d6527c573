namespace RagApp.Core.Documents;

/// <summary>What an extractor read from one file: its title and its text blocks in reading order.</summary>
/// <param name="Title">Document title (metadata, first heading, or the file name without extension).</param>
/// <param name="Format">Short format name, e.g. <c>pdf</c>, <c>markdown</c>, <c>text</c>.</param>
/// <param name="Sections">Text blocks in reading order.</param>
/// <param name="PageCount">Number of pages for paged formats, else null.</param>
public sealed record ExtractedDocument(string Title, string Format, IReadOnlyList<DocumentSection> Sections, int? PageCount = null);
