using Microsoft.ML;

namespace Sparsh;

/// <summary>
/// The Sparsh-skin components for ML.NET, reached through <c>mlContext.Sparsh()</c>. Each assembly adds its components as
/// extension methods on this catalog, as ML.NET's own assemblies extend <c>mlContext.Transforms</c>: Sparsh.Transforms the
/// data steps (<see cref="SparshDataCatalog"/>), Sparsh.Simulation the simulator, Sparsh.Trainers the encoder and
/// decoders, Sparsh.MLNet evaluation, splits, studies and sweeps. An app that references only Sparsh.Transforms gets the data
/// steps without TorchSharp. Every method returns an ordinary ML.NET estimator (or data view) that composes with <c>Append</c>.
/// </summary>
public sealed class SparshCatalog
{
    /// <summary>The ML.NET context whose log, seed and environment the components use.</summary>
    public MLContext Context { get; }

    internal SparshCatalog(MLContext context) => Context = context;
}
