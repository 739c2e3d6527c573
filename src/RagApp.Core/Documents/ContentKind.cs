namespace RagApp.Core.Documents;

/// <summary>What a file's first bytes say it is, whatever its extension.</summary>
public enum ContentKind
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>Starts with <c>%PDF-</c>.</summary>
    Pdf,

    /// <summary>A zip package holding <c>word/</c> entries.</summary>
    Docx,

    /// <summary>A zip package holding <c>ppt/</c> entries.</summary>
    Pptx,

    /// <summary>A zip package with <c>[Content_Types].xml</c> whose part folders were not within the header.</summary>
    OfficeZip,

    /// <summary>Any other zip archive.</summary>
    Zip,

    /// <summary>An OLE compound file: a legacy .doc/.ppt or a password-protected Office file.</summary>
    OleCompound,

    /// <summary>Text starting with <c>&lt;!doctype html</c> or <c>&lt;html</c>.</summary>
    Html,

    /// <summary>Text in some encoding.</summary>
    Text,

    /// <summary>Bytes that are not text (NUL bytes or many control characters).</summary>
    Binary,
}
