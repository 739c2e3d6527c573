using RagApp.Core.Embeddings;

namespace RagApp.Core.Tests.Embeddings;

public sealed class EncoderFingerprintTests
{
    private static readonly EncoderFingerprint Fp32 = new("all-MiniLM-L6-v2", "4a64cee3d413", 384, "mean", true, 256, "", "", "none");

    [Fact]
    public void QuantizationIn_SameEncoderBuiltWithInt8_GivesInt8()
    {
        var stored = (Fp32 with { Quantization = "int8" }).Key;

        Assert.Equal("int8", Fp32.QuantizationIn(stored));
        Assert.Equal("none", (Fp32 with { Quantization = "int8" }).QuantizationIn(Fp32.Key));
    }

    [Fact]
    public void QuantizationIn_AnythingElseDiffers_GivesNull()
    {
        Assert.Null(Fp32.QuantizationIn(Fp32.Key));
        Assert.Null(Fp32.QuantizationIn((Fp32 with { ModelName = "snowflake-arctic-embed-xs", Quantization = "int8" }).Key));
        Assert.Null(Fp32.QuantizationIn((Fp32 with { ModelSha256 = "0000", Quantization = "int8" }).Key));
        Assert.Null(Fp32.QuantizationIn((Fp32 with { MaxTokens = 512, Quantization = "int8" }).Key));
        Assert.Null(Fp32.QuantizationIn("an older key format"));
    }
}
