namespace RagApp.Core.Evaluation;

/// <summary>One corpus line of a BEIR set.</summary>
/// <param name="Id">The <c>_id</c>; indexed as the document's source.</param>
/// <param name="Title">The title, empty when none.</param>
/// <param name="Text">The text.</param>
public sealed record BeirDocument(string Id, string Title, string Text)
{
    /// <summary>The text to index: the title, a blank line and the text (the text alone when there is no title).</summary>
    public string ToIndexText() => Title.Length == 0 ? Text : $"{Title}\n\n{Text}";
}
