using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Sparsh-skin's self-distillation: a student and an EMA teacher of the same architecture, block-masked views of
/// the hand, DINO on the global token, iBOT on mask-token-replaced taxel tokens and KoLeo on the student's global
/// tokens. The teacher sees only the global views and never gets gradients.
/// </summary>
internal sealed class SelfDistillationModel : PretrainingObjectiveModel
{
    private readonly SparshSkinEncoder student;
    private readonly DinoHead student_head;
    private readonly SparshSkinEncoder teacher;
    private readonly DinoHead teacher_head;
    private readonly TeacherCentering dino_center;
    private readonly TeacherCentering ibot_center;
    private readonly BlockMasking _masking;
    private readonly SelfDistillationSettings _settings;

    /// <summary>Builds student and heads from torch's current random state and copies them into the teacher.</summary>
    public SelfDistillationModel(SparshSkinEncoderConfig config, BlockMasking masking, SelfDistillationSettings settings) : base(nameof(SelfDistillationModel))
    {
        _masking = masking;
        _settings = settings;
        student = new SparshSkinEncoder(config);
        student_head = new DinoHead("student_head", config.EmbeddingDim, settings.HeadHiddenDim, settings.HeadBottleneckDim, settings.Prototypes);
        // The teacher has no drop-path: it averages the student and predicts targets deterministically.
        teacher = new SparshSkinEncoder(config with { DropPathRate = 0 });
        teacher_head = new DinoHead("teacher_head", config.EmbeddingDim, settings.HeadHiddenDim, settings.HeadBottleneckDim, settings.Prototypes);
        dino_center = new TeacherCentering("dino_center", settings.Prototypes, settings.CenterMomentum, settings.Centering);
        ibot_center = new TeacherCentering("ibot_center", settings.Prototypes, settings.CenterMomentum, settings.Centering);
        RegisterComponents();
        var studentParameters = StudentParameters();
        var teacherParameters = TeacherParameters();
        using (torch.no_grad())
            for (int i = 0; i < teacherParameters.Length; i++) teacherParameters[i].copy_(studentParameters[i]);
        foreach (var p in teacherParameters) p.requires_grad_(false);
        teacher.eval();
        teacher_head.eval();
    }

    /// <summary>The EMA teacher encoder.</summary>
    public override SparshSkinEncoder InferenceEncoder => teacher;

    /// <summary>The student encoder.</summary>
    public SparshSkinEncoder Student => student;

    /// <inheritdoc/>
    public override IEnumerable<(string Name, Parameter Parameter)> TrainableParameters
        => student.named_parameters().Select(p => ("student." + p.name, p.parameter))
            .Concat(student_head.named_parameters().Select(p => ("student_head." + p.name, p.parameter)));

    /// <inheritdoc/>
    public override void AfterOptimizerStep(double teacherMomentum) => TeacherEma.Update(TeacherParameters(), StudentParameters(), teacherMomentum);

    // Fetched on use: moving the module to a device replaces its parameter tensors.
    private Tensor[] StudentParameters() => [.. student.parameters(), .. student_head.parameters()];

    private Tensor[] TeacherParameters() => [.. teacher.parameters(), .. teacher_head.parameters()];

    /// <inheritdoc/>
    public override PretrainingLosses Losses(PretrainingBatch batch, PretrainingStepContext context)
    {
        using var scope = NewDisposeScope();
        var device = batch.Windows.device;
        int b = (int)batch.Windows.shape[0];
        var views = _masking.Sample(context.Random, b);
        int g = views.Global.Length, l = views.Local.Length, kg = views.GlobalKeep;
        var globalKeep = ViewIndices.Of(views.Global, device);
        var tokenMask = torch.tensor(views.TokenMask.SelectMany(v => v.SelectMany(m => m)).ToArray(), [g * b, kg]).to(device);
        var globalWindows = batch.Windows.repeat(g, 1, 1, 1);
        var globalValidity = batch.Validity.repeat(g, 1);
        var timer = context.Timer;

        // Teacher: targets of the global views (registers for DINO, the student-masked tokens for iBOT).
        Tensor targets, dinoTargets, ibotTargets, maskedFlat, teacherSpread, logitSpread;
        var flatMask = tokenMask.reshape(-1);
        maskedFlat = flatMask.nonzero().squeeze(1);
        var sampleOfMaskedToken = SampleOfMaskedToken(views.TokenMask);
        timer?.Mark("views and masks (host + gathers)");
        using (torch.no_grad())
        {
            var teacherOut = teacher.Encode(globalWindows, globalKeep, globalValidity);
            timer?.Mark("teacher encoder");
            var teacherMasked = teacherOut.Tokens.reshape(-1, teacherOut.Tokens.shape[2]).index_select(0, maskedFlat);
            // One head pass over the global tokens and the masked tokens: the prototypes are weight-normalised once.
            var teacherLogits = teacher_head.forward(torch.cat([teacherOut.Register, teacherMasked], 0));
            var teacherDino = teacherLogits.narrow(0, 0, g * b);
            var teacherIbot = teacherLogits.narrow(0, g * b, teacherMasked.shape[0]);
            timer?.Mark("teacher head");
            // Both targets in one tensor (DINO rows, then iBOT rows), which the fused student loss reads by row.
            targets = torch.empty_like(teacherLogits);
            dinoTargets = targets.narrow(0, 0, g * b);
            ibotTargets = targets.narrow(0, g * b, teacherMasked.shape[0]);
            dino_center.TargetsInto(teacherDino, context.TeacherTemperature, dinoTargets);
            ibot_center.TargetsInto(teacherIbot, context.TeacherTemperature, ibotTargets);
            teacherSpread = teacherOut.Register.std([0L]).mean();
            logitSpread = teacherDino.std([0L]).mean();
            if (context.Training)
            {
                dino_center.Update(teacherDino);
                if (teacherIbot.shape[0] > 0) ibot_center.Update(teacherIbot);
            }
            timer?.Mark("teacher targets (centering / Sinkhorn)");
        }

        // Student: global views with iBOT mask tokens, local views whole.
        var studentGlobal = student.Encode(globalWindows, globalKeep, globalValidity, tokenMask);
        timer?.Mark("student encoder, global views");
        var registers = studentGlobal.Register;
        if (l > 0)
        {
            var localKeep = ViewIndices.Of(views.Local, device);
            var studentLocal = student.Encode(batch.Windows.repeat(l, 1, 1, 1), localKeep, batch.Validity.repeat(l, 1));
            registers = torch.cat([registers, studentLocal.Register], 0);
        }
        timer?.Mark("student encoder, local views");
        // One head pass over every view's global token and the masked tokens (prototypes weight-normalised once per step).
        var studentMasked = studentGlobal.Tokens.reshape(-1, studentGlobal.Tokens.shape[2]).index_select(0, maskedFlat);
        var studentLogits = student_head.forward(torch.cat([registers, studentMasked], 0));
        timer?.Mark("student head");
        Tensor dino, ibot;
        if (SoftTargetCrossEntropy.Supports(studentLogits, targets))
        {
            // On the CPU both cross-entropies run as one fused operator over the logits (the same values; see its remarks).
            var pairs = SoftTargetPairs.Combine(
                DinoLoss.Pairs(g, g + l, b),
                IbotPatchLoss.Pairs(sampleOfMaskedToken, (g + l) * b, g * b));
            var crossEntropies = SoftTargetCrossEntropy.Compute(studentLogits, targets, pairs, _settings.StudentTemperature);
            dino = crossEntropies[0];
            ibot = crossEntropies[1];
            timer?.Mark("DINO + iBOT losses (fused)");
        }
        else
        {
            var studentDino = studentLogits.narrow(0, 0, (g + l) * b).view(g + l, b, -1);
            dino = DinoLoss.Compute(studentDino, dinoTargets.view(g, b, -1), _settings.StudentTemperature);
            timer?.Mark("DINO loss");
            var maskedRows = torch.tensor(sampleOfMaskedToken.Select(row => (long)row).ToArray(), device: device);
            ibot = IbotPatchLoss.Compute(studentLogits.narrow(0, (g + l) * b, studentMasked.shape[0]), ibotTargets, maskedRows, _settings.StudentTemperature);
            timer?.Mark("iBOT loss");
        }

        var koleo = torch.zeros(1, device: device).squeeze();
        if (b > 1)
            for (int v = 0; v < g; v++) koleo = koleo + KoLeoLoss.Compute(studentGlobal.Register.narrow(0, (long)v * b, b));

        timer?.Mark("KoLeo loss");
        var total = _settings.DinoWeight * dino + _settings.IbotWeight * ibot + _settings.KoLeoWeight * koleo;
        var entropy = -(dinoTargets * dinoTargets.clamp_min(1e-12).log()).sum(-1).mean();
        var terms = new Dictionary<string, double>
        {
            ["dino"] = dino.item<float>(),
            ["ibot"] = ibot.item<float>(),
            ["koleo"] = koleo.item<float>(),
            // Collapse monitor: spread of the teacher's global token across the batch (0 = every window alike).
            ["teacher_std"] = teacherSpread.item<float>(),
            ["logit_std"] = logitSpread.item<float>(),
            // The same spread in units of the teacher temperature: well below 1 the targets are close to uniform
            // whatever the window, so DINO has nothing to learn (the collapse to uniform targets seen on play data).
            ["logit_std_over_temp"] = logitSpread.item<float>() / context.TeacherTemperature,
            ["student_std"] = studentGlobal.Register.std([0L]).mean().item<float>(),
        };
        var losses = new PretrainingLosses(total.MoveToOuterDisposeScope(), terms, entropy.item<float>());
        timer?.Mark("loss terms and monitors");
        return losses;
    }

    /// <summary>For each masked token, in the order of the flattened [view][sample][token] mask, its row view * B + sample.</summary>
    private static List<int> SampleOfMaskedToken(bool[][][] tokenMask)
    {
        var rows = new List<int>();
        int batch = tokenMask.Length == 0 ? 0 : tokenMask[0].Length;
        for (int v = 0; v < tokenMask.Length; v++)
            for (int s = 0; s < tokenMask[v].Length; s++)
                foreach (bool masked in tokenMask[v][s])
                    if (masked) rows.Add(v * batch + s);
        return rows;
    }
}
