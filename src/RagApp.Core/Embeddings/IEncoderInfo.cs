namespace RagApp.Core.Embeddings;

/// <summary>What ingestion and stores need to know of the local encoder without running it.</summary>
public interface IEncoderInfo
{
    /// <summary>The encoder's fingerprint (computing it may read the model file once, not load it).</summary>
    EncoderFingerprint Fingerprint { get; }

    /// <summary>Word pieces a passage may have so that nothing is cut off: the window less [CLS], [SEP] and the passage prefix.</summary>
    int MaxPassageTokens { get; }

    /// <summary>Word pieces of <paramref name="text"/> with the encoder's own tokenizer, without special tokens.</summary>
    int CountTokens(string text);

    /// <summary>
    /// Starts loading the encoder in the background, so that the first texts embedded do not wait for it (ingestion
    /// calls it when it starts extracting a file that will need embedding). A failure surfaces at first use.
    /// </summary>
    void StartLoading();

    /// <summary>Whether the encoder is ready to embed; false before and while it loads (seconds on a new index, more for int8's first use).</summary>
    bool IsLoaded { get; }
}
