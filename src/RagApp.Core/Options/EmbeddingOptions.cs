using System.ComponentModel.DataAnnotations;

namespace RagApp.Core.Options;

/// <summary>The local sentence encoder.</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>
    /// <c>all-MiniLM-L6-v2</c> or <c>snowflake-arctic-embed-xs</c> (both packaged, never downloaded),
    /// or a folder holding <c>model.onnx</c> and <c>vocab.txt</c> of any BERT-family encoder.
    /// </summary>
    [Required]
    public string Model { get; set; } = "all-MiniLM-L6-v2";

    /// <summary><c>none</c> (fp32) or <c>int8</c> (dynamic quantisation of the MatMul weights, cached beside the index).</summary>
    [RegularExpression("^(none|int8)$", ErrorMessage = "Embeddings:Quantization must be 'none' or 'int8'.")]
    public string Quantization { get; set; } = "none";

    /// <summary><c>mean</c> or <c>cls</c>; empty takes the packaged model's own choice (mean for MiniLM, cls for Arctic).</summary>
    public string? Pooling { get; set; }

    /// <summary>L2-normalise the pooled vector. Default true.</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>The model's window in word pieces, [CLS] and [SEP] included. 0 takes the model's own (256 for MiniLM, 512 for Arctic).</summary>
    [Range(0, 8192)]
    public int MaxTokens { get; set; }

    /// <summary>Text put before a search query (Arctic wants one). Null takes the packaged model's own.</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Text put before a passage. Null takes the packaged model's own (none for both packaged models).</summary>
    public string? PassagePrefix { get; set; }

    /// <summary>Most word pieces (padding included) in one inference batch. Default 2048: faster here than larger batches (the attention scores stay in cache), and it keeps ingestion well under 1 GB.</summary>
    [Range(256, 1_000_000)]
    public int BatchTokenBudget { get; set; } = 2048;

    /// <summary>Intra-op threads of ONNX Runtime; 0 uses one per core.</summary>
    [Range(0, 256)]
    public int Threads { get; set; }
}
