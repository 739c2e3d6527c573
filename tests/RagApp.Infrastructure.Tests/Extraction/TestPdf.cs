using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace RagApp.Infrastructure.Tests.Extraction;

/// <summary>Writes real PDFs with PdfPig's builder: lines top-down in Helvetica, an empty line as a paragraph gap.</summary>
internal static class TestPdf
{
    public const double BodySize = 11;
    public const double HeadingSize = 18;

    /// <summary>A line; a size of 0 leaves a paragraph gap.</summary>
    public readonly record struct Line(string Text, double Size = BodySize);

    public static Line Gap => new(string.Empty, 0);

    public static byte[] Build(IReadOnlyList<IReadOnlyList<Line>> pages, string? header = null, bool pageFooter = false, string? infoTitle = null)
    {
        using var builder = new PdfDocumentBuilder();
        if (infoTitle is not null)
        {
            builder.DocumentInformation.Title = infoTitle;
        }

        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var index = 0; index < pages.Count; index++)
        {
            var page = builder.AddPage(PageSize.A4);
            if (header is not null)
            {
                page.AddText(header, 9, new PdfPoint(60, 805), font);
            }

            if (pageFooter)
            {
                page.AddText($"Page {index + 1} of {pages.Count}", 9, new PdfPoint(260, 30), font);
            }

            var y = 760.0;
            foreach (var line in pages[index])
            {
                if (line.Size == 0)
                {
                    y -= BodySize;
                    continue;
                }

                page.AddText(line.Text, line.Size, new PdfPoint(60, y), font);
                y -= line.Size * 1.5;
            }
        }

        return builder.Build();
    }
}
