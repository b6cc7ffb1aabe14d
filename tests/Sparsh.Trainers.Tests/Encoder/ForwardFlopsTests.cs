using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;

namespace Sparsh.Trainers.Tests.Encoder;

/// <summary>
/// The analytic FLOP counts behind the benchmarks' model FLOP utilisation, against a count by hand for the Micro encoder
/// (D 32, depth 2, 2 heads, MLP 128, 368 taxels + 1 register = 369 tokens, 10 frames x 6 channels = 60 inputs per taxel)
/// and a decoder on its tokens (2 heads, hidden width 8, 3 outputs). Every figure is multiply-adds x 2.
/// </summary>
[TestClass]
public sealed class ForwardFlopsTests
{
    // Encoder, by hand.
    private const double PatchEmbedding = 2.0 * 368 * 60 * 32;          // 1,413,120: one [60 -> 32] Linear per taxel (registers are not embedded)
    private const double Qkv = 2.0 * 369 * 32 * 96;                      // 2,267,136: fused [32 -> 96] Linear per token
    private const double Scores = 2.0 * 2 * 369 * 369 * 16;              // 8,714,304: per head, [369 x 16] x [16 x 369]
    private const double WeightedValues = 2.0 * 2 * 369 * 369 * 16;      // 8,714,304: per head, [369 x 369] x [369 x 16]
    private const double Projection = 2.0 * 369 * 32 * 32;               // 755,712
    private const double BlockMlp = 2.0 * 369 * (32 * 128 + 128 * 32);  // 6,045,696
    private const double MicroEncoder = PatchEmbedding + 2 * (Qkv + Scores + WeightedValues + Projection + BlockMlp); // 54,407,424

    // Decoder on 369 tokens, by hand.
    private const double KeyValue = 2.0 * 369 * 32 * 64;                 // 1,511,424: [32 -> 64] Linear per token
    private const double QueryAndOutput = 2.0 * 32 * 32 * 2;             // 4,096: one query token
    private const double PoolerAttention = 2.0 * 2 * 369 * 16 * 2;       // 47,232: per head, 1 x 369 scores and their weighted values
    private const double PoolerMlp = 2.0 * (32 * 128 + 128 * 32);        // 16,384: on the pooled token
    private const double Head = 2.0 * (32 * 8 + 8 * 3);                  // 560: d -> d/4 -> outputs
    private const double MicroDecoder = KeyValue + QueryAndOutput + PoolerAttention + PoolerMlp + Head; // 1,579,696

    [TestMethod]
    public void MicroEncoderForwardFlopsMatchTheHandCount()
    {
        var config = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro);
        Assert.AreEqual(MicroEncoder, config.ForwardFlops(config.TaxelCount));
    }

    [TestMethod]
    public void InstantaneousDecoderForwardFlopsMatchTheHandCount()
    {
        using var decoder = new InstantaneousDecoder(dim: 32, heads: 2, outputs: 3);
        Assert.AreEqual(MicroDecoder, decoder.ForwardFlops(369));
    }

    [TestMethod]
    public void DeeperDecoderMlpAddsItsHiddenLayers()
    {
        using var shallow = new InstantaneousDecoder(dim: 32, heads: 2, outputs: 3, hiddenWidth: 16);
        using var deeper = new InstantaneousDecoder(dim: 32, heads: 2, outputs: 3, hiddenWidth: 16, mlpDepth: 3);
        Assert.AreEqual(2 * (2.0 * 16 * 16), deeper.ForwardFlops(369) - shallow.ForwardFlops(369), "two extra [16 -> 16] layers");
    }
}
