using Sparsh.Transforms.Core;
using Sparsh.MLNet.Preparation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>The deployable force model: one ML.NET zip, raw window in, force out, every step saved as ONNX.</summary>
public static class ForceModelZip
{
    /// <summary>
    /// Saves validity -> kinematics -> normalisation -> <paramref name="model"/> (model-ready windows -> Score; a Frozen decoder comes
    /// chained after its encoder) to <paramref name="path"/> for windows shaped like <paramref name="rawWindows"/>, and returns the chain it saved.
    /// </summary>
    public static TransformerChain<ITransformer> Save(MLContext mlContext, string path, WindowPreparation preparation, ITransformer model, IDataView rawWindows)
    {
        // An app feeds counts and joint angles only, so those two columns are the zip's whole input schema.
        var appData = mlContext.Transforms.SelectColumns(XelaColumnNames.Magnetic, XelaColumnNames.JointAngles).Fit(rawWindows).Transform(rawWindows);
        var validity = mlContext.Sparsh().XelaValidity().Fit(appData);
        ITransformer[] steps = model is TransformerChain<ITransformer> chained ? [.. chained] : [model];
        var chain = new TransformerChain<ITransformer>([validity, preparation.Kinematics, preparation.Normalization, .. steps]);
        chain.Transform(appData); // binds every step to the window shape it will score
        mlContext.Model.Save(chain, appData.Schema, path);
        return chain;
    }
}
