using RagApp.Core.Documents;

namespace RagApp.Infrastructure.Extraction;

/// <summary>Checks an Office file's first bytes before the Open XML SDK opens it, for messages users understand.</summary>
internal static class OfficePackage
{
    public static async Task ThrowIfNotZipAsync(Stream content, string path, string application, CancellationToken cancellationToken)
    {
        content.Seek(0, SeekOrigin.Begin);
        var header = new byte[8];
        var length = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        content.Seek(0, SeekOrigin.Begin);
        var kind = ContentSniffer.Sniff(header.AsSpan(0, length));
        if (kind == ContentKind.OleCompound)
        {
            // Password-protected Office files and the legacy binary formats are OLE compound files, not zip packages.
            throw new DocumentExtractionException(path, $"encrypted or legacy {application} file (password required, or the old binary format)");
        }

        if (kind is not (ContentKind.Zip or ContentKind.Docx or ContentKind.Pptx or ContentKind.OfficeZip))
        {
            throw new DocumentExtractionException(path, $"not a valid {application} file: not a zip package");
        }
    }
}
