#:project ../Sparsh.Simulation/Sparsh.Simulation.csproj
#:package Microsoft.ML
#:package Microsoft.ML.FastTree
#:property PublishAot=false
// How much of the object pose (Tx, Ty, theta) the raw palm signal carries, before any encoder or decoder: simulates
// object-pose recordings of each object alone (and of the default mix), cuts them into 0.1 s windows, and fits simple
// probes on hand-made features of the tared counts, scored on held-out recordings (R^2, and theta's RMSE in degrees).
// Features: "taxels" = window mean of the 72 palm taxels' (x, y, z) counts; "moments" = footprint moments of the palm
// taxels' |field change| in the palm plane (total, centroid, second moments, and the r^4 cos/sin 4phi terms a square
// footprint's orientation shows in), with the shear (x, y counts turned into the palm plane) summed and its curl about
// the centroid (how the skin is twisted). Probes: ridge (ML.NET SDCA, squared loss + L2, penalty chosen on validation
// recordings) and boosted trees (FastTree) to tell "not there" from "there but not linear".
// Usage: dotnet run -c Release tools/pose_signal_probe.cs -- [--recordings 12] [--seconds 20] [--seed 7]
using System.Globalization;
using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Recordings;

int recordingsPerObject = IntOption("--recordings", 12);
double seconds = IntOption("--seconds", 20);
int seed = IntOption("--seed", 7);
const int WindowFrames = 10; // 0.1 s at 100 Hz: the pipeline's window
const double HeldOutFraction = 1.0 / 3;

var hand = HandModel.AllegroXela;
int[] palm = [.. hand.Taxels.Where(t => hand.Patches[t.PatchIndex].Type == TaxelType.Palm4x6).Select(t => t.Index)];
var skin = SkinProfile.GenerateSet(1, seed, hand.TaxelCount)[0];
var scenario = new ScenarioOptions { DurationSeconds = seconds };
var rest = new RestScenario(new ScenarioOptions { DurationSeconds = 2 }).Generate(skin, seed);
float[] baseline = ChannelMeans(rest.Magnetic);
var (u, v, localX, localY) = PalmCoordinates();
var defaultObjects = new ObjectPoseScenario().Objects;

Console.WriteLine($"{recordingsPerObject} recordings of {seconds:F0} s per object, skin {skin.Id}, seed {seed}; " +
    $"{WindowFrames}-frame windows; the last {HeldOutFraction:P0} of each object's recordings held out.");
var data = new List<Window>();
for (int o = 0; o < defaultObjects.Count; o++)
{
    var generator = new ObjectPoseScenario(scenario, objects: [defaultObjects[o]]);
    for (int r = 0; r < recordingsPerObject; r++)
    {
        var recording = generator.Generate(skin, seed * 1000 + 100 * o + r);
        bool test = r >= recordingsPerObject * (1 - HeldOutFraction);
        bool validation = !test && r >= recordingsPerObject * (1 - 2 * HeldOutFraction);
        data.AddRange(Windows(recording, defaultObjects[o].Name, r, test ? "test" : validation ? "validation" : "train"));
    }
}

var ml = new MLContext(seed);
Console.WriteLine();
Console.WriteLine("| objects | features | probe | R2 Tx | R2 Ty | R2 theta | RMSE theta (deg) | R2 cos 2theta | R2 sin 2theta | R2 cos 4theta | R2 sin 4theta | R2 d theta/dt |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (string objects in defaultObjects.Select(o => o.Name).Append("all three"))
{
    var rows = data.Where(w => objects == "all three" || w.Object == objects).ToList();
    foreach (string features in new[] { "taxels", "moments" })
        foreach (string probe in new[] { "ridge", "trees" })
        {
            var scores = Targets.Select(t => Score(rows, features, probe, t)).ToArray();
            Console.WriteLine($"| {objects} | {features} | {probe} | {string.Join(" | ", scores.Select((s, i) => i == 2 ? $"{s.R2:F2} | {s.Rmse * 180 / Math.PI:F1}" : $"{s.R2:F2}"))} |");
        }
}

// Ridge (penalty chosen on the validation recordings) or boosted trees, refitted on train + validation, scored on test.
(double R2, double Rmse) Score(List<Window> rows, string features, string probe, (string Name, Func<Window, float> Of) target)
{
    IDataView View(IEnumerable<Window> split) => ml.Data.LoadFromEnumerable(
        split.Select(w => new Row { Features = features == "taxels" ? w.Taxels : w.Moments, Label = target.Of(w) }),
        SchemaFor(features == "taxels" ? 3 * palm.Length : MomentCount));
    IEstimator<ITransformer> Probe(float l2) => ml.Transforms.NormalizeMeanVariance("Features")
        .Append(probe == "ridge"
            ? (IEstimator<ITransformer>)ml.Regression.Trainers.Sdca(l2Regularization: l2, maximumNumberOfIterations: 50)
            : ml.Regression.Trainers.FastTree(numberOfLeaves: 16, numberOfTrees: 100, minimumExampleCountPerLeaf: 20));
    float bestL2 = 1f;
    if (probe == "ridge")
    {
        var fit = View(rows.Where(w => w.Split == "train"));
        var validation = View(rows.Where(w => w.Split == "validation"));
        bestL2 = new[] { 1e-4f, 1e-3f, 1e-2f, 1e-1f, 1f }
            .MinBy(l2 => ml.Regression.Evaluate(Probe(l2).Fit(fit).Transform(validation)).RootMeanSquaredError);
    }
    var model = Probe(bestL2).Fit(View(rows.Where(w => w.Split != "test")));
    var metrics = ml.Regression.Evaluate(model.Transform(View(rows.Where(w => w.Split == "test"))));
    return (metrics.RSquared, metrics.RootMeanSquaredError);
}

// Windows of one recording: features from the window's mean tared counts, label at its last frame.
IEnumerable<Window> Windows(XelaRecording recording, string objectName, int index, string split)
{
    var magnetic = recording.Magnetic;
    var pose = recording.Labels[ObjectPoseScenario.LabelName];
    for (int start = 0; start + WindowFrames <= magnetic.Count; start += WindowFrames)
    {
        var taxels = new float[3 * palm.Length];
        for (int f = start; f < start + WindowFrames; f++)
        {
            var row = magnetic.Row(f);
            for (int p = 0; p < palm.Length; p++)
                for (int a = 0; a < 3; a++)
                    taxels[3 * p + a] += (row[3 * palm[p] + a] - baseline[3 * palm[p] + a]) / WindowFrames;
        }
        var label = pose.Row(start + WindowFrames - 1);
        var first = pose.Row(start);
        double span = pose.TimestampsSeconds[start + WindowFrames - 1] - pose.TimestampsSeconds[start];
        yield return new Window(objectName, index, split, taxels, Moments(taxels), label[0], label[1], label[2], (float)((label[2] - first[2]) / span));
    }
}

// Footprint moments of the palm taxels' field change: total, centroid, second central moments, r^4 cos/sin 4phi.
float[] Moments(float[] taxels)
{
    double total = 0, cu = 0, cv = 0;
    var weight = new double[palm.Length];
    for (int p = 0; p < palm.Length; p++)
    {
        weight[p] = Math.Sqrt(taxels[3 * p] * taxels[3 * p] + taxels[3 * p + 1] * taxels[3 * p + 1] + taxels[3 * p + 2] * taxels[3 * p + 2]);
        total += weight[p];
        cu += weight[p] * u[p];
        cv += weight[p] * v[p];
    }
    cu /= total;
    cv /= total;
    double uu = 0, vv = 0, uv = 0, c4 = 0, s4 = 0, shearU = 0, shearV = 0, curl = 0;
    for (int p = 0; p < palm.Length; p++)
    {
        double du = u[p] - cu, dv = v[p] - cv, r2 = du * du + dv * dv, phi = Math.Atan2(dv, du), w = weight[p] / total;
        uu += w * du * du;
        vv += w * dv * dv;
        uv += w * du * dv;
        c4 += w * r2 * r2 * Math.Cos(4 * phi);
        s4 += w * r2 * r2 * Math.Sin(4 * phi);
        double su = taxels[3 * p] * localX[p].X + taxels[3 * p + 1] * localY[p].X, sv = taxels[3 * p] * localX[p].Y + taxels[3 * p + 1] * localY[p].Y;
        shearU += su;
        shearV += sv;
        curl += 1e3 * (du * sv - dv * su);
    }
    // Millimetres, so that the ridge's features are of ordinary size before standardisation; then the orientation terms
    // divided by their spread (cos/sin 2phi and 4phi times the footprint's anisotropy), which a linear probe can use.
    double spread = uu + vv;
    return [(float)total, (float)(1e3 * cu), (float)(1e3 * cv), (float)(1e6 * uu), (float)(1e6 * vv), (float)(1e6 * uv), (float)(1e12 * c4), (float)(1e12 * s4),
        (float)((uu - vv) / spread), (float)(2 * uv / spread), (float)(c4 / (spread * spread)), (float)(s4 / (spread * spread)),
        (float)shearU, (float)shearV, (float)curl];
}

// Palm taxel coordinates in the scenario's palm plane (origin at their centroid, z their mean normal, x along the first
// palm patch's first-to-second taxel direction), in the stretched pose the scenario holds, and each taxel's own x and y
// axes (its patch's first-to-second taxel direction, the simulator's shear axes) in that plane.
(double[] U, double[] V, Vector2[] LocalX, Vector2[] LocalY) PalmCoordinates()
{
    var angles = hand.Joints.Select(j => (float)Math.Clamp(0.0, j.LowerLimitRadians, j.UpperLimitRadians)).ToArray();
    var positions = new float[3 * hand.TaxelCount];
    var normals = new float[3 * hand.TaxelCount];
    hand.ComputeTaxelPoses(angles, positions, normals);
    Vector3 P(int t) => new(positions[3 * t], positions[3 * t + 1], positions[3 * t + 2]);
    Vector3 origin = palm.Aggregate(Vector3.Zero, (s, t) => s + P(t)) / palm.Length;
    Vector3 z = Vector3.Normalize(palm.Aggregate(Vector3.Zero, (s, t) => s + new Vector3(normals[3 * t], normals[3 * t + 1], normals[3 * t + 2])));
    Vector3 reference = P(palm[1]) - P(palm[0]);
    Vector3 x = Vector3.Normalize(reference - Vector3.Dot(reference, z) * z), y = Vector3.Cross(z, x);
    Vector2 InPlane(Vector3 a) => new(Vector3.Dot(a, x), Vector3.Dot(a, y));
    Vector2 OwnX(int t)
    {
        var patch = hand.Taxels.Where(k => k.PatchIndex == hand.Taxels[t].PatchIndex).Select(k => k.Index).Order().ToArray();
        return Vector2.Normalize(InPlane(P(patch[1]) - P(patch[0])));
    }
    Vector2[] localX = [.. palm.Select(OwnX)];
    // The palm is flat (every palm normal is the plane's z), so y = z x x turns x by +90 degrees in the plane.
    return ([.. palm.Select(t => (double)Vector3.Dot(P(t) - origin, x))], [.. palm.Select(t => (double)Vector3.Dot(P(t) - origin, y))],
        localX, [.. localX.Select(a => new Vector2(-a.Y, a.X))]);
}

static float[] ChannelMeans(TimeSeries series)
{
    var mean = new float[series.Width];
    for (int r = 0; r < series.Count; r++)
        for (int c = 0; c < series.Width; c++)
            mean[c] += series.Row(r)[c] / series.Count;
    return mean;
}

static SchemaDefinition SchemaFor(int width)
{
    var schema = SchemaDefinition.Create(typeof(Row));
    schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
    return schema;
}

int IntOption(string name, int fallback)
{
    int k = Array.IndexOf(args, name);
    return k >= 0 && k + 1 < args.Length ? int.Parse(args[k + 1], CultureInfo.InvariantCulture) : fallback;
}

partial class Program
{
    const int MomentCount = 15;

    static readonly (string Name, Func<Window, float> Of)[] Targets =
    [
        ("Tx", w => w.Tx), ("Ty", w => w.Ty), ("theta", w => w.Theta),
        ("cos 2theta", w => MathF.Cos(2 * w.Theta)), ("sin 2theta", w => MathF.Sin(2 * w.Theta)),
        ("cos 4theta", w => MathF.Cos(4 * w.Theta)), ("sin 4theta", w => MathF.Sin(4 * w.Theta)),
        ("theta rate", w => w.ThetaRate),
    ];
}

record Window(string Object, int Recording, string Split, float[] Taxels, float[] Moments, float Tx, float Ty, float Theta, float ThetaRate);

class Row
{
    public float[] Features { get; set; } = [];
    public float Label { get; set; }
}
