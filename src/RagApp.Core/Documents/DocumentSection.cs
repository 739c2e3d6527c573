namespace RagApp.Core.Documents;

/// <summary>
/// One block of extracted text (a paragraph, a list, a table as rows, a page's text) with where it stands:
/// the 1-based page for paged formats and the path of headings above it.
/// </summary>
/// <param name="Text">The block's text; paragraphs inside it are separated by blank lines.</param>
/// <param name="Page">1-based physical page for paged formats (PDF), else null.</param>
/// <param name="HeadingPath">Headings from the outermost to the nearest one; empty when none.</param>
/// <param name="IsHeading">True when the block is itself a heading (chunkers start a new chunk there).</param>
public sealed record DocumentSection(string Text, int? Page, IReadOnlyList<string> HeadingPath, bool IsHeading = false);
