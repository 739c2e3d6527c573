namespace RagApp.Infrastructure.Extraction;

/// <summary>One line of PDF text with where it stands on the page (PDF units, y grows upwards) and its font size.</summary>
internal sealed record PdfTextLine(string Text, double Top, double Bottom, double FontSize)
{
    /// <summary>Set when the line is a running header or footer repeated across pages.</summary>
    public bool IsRepeated { get; set; }
}
