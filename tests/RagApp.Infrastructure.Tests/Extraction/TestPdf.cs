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

    /// <summary>
    /// One page with one line of Helvetica whose encoding maps bytes 1, 2 and 3 to the glyphs named fi, fl and ffi, as
    /// typeset PDFs draw ligatures ("\u0001" in <paramref name="text"/> draws fi). Written by hand: the builder writes
    /// only the standard encodings.
    /// </summary>
    public static byte[] WithLigatureGlyphs(string text)
    {
        var content = $"BT /F1 12 Tf 72 700 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl /ffi] >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];
        var pdf = new System.Text.StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.Latin1.GetBytes(pdf.ToString());
    }
}
