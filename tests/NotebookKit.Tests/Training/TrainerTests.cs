using NotebookKit.Data;
using NotebookKit.Scratch;
using NotebookKit.Torch;
using NotebookKit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

/// <remarks>In the non-parallel collection: one test counts the process's live tensors, which other tests would disturb.</remarks>
[Collection("environment")]
public sealed class TrainerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("nk-trainer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (Tensor X, Tensor Y) Spirals(int count = 300, int seed = 0)
    {
        var data = Synthetic2D.Spirals(count, classes: 3, seed: seed);
        return (TensorConvert.Features(data), TensorConvert.Labels(data.Labels));
    }

    private static TrainerOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 32, LearningRate = 0.01, Seed = 3 };

    [Fact]
    public void Spirals_ReachAtLeast95PercentTrainingAccuracy()
    {
        var (x, y) = Spirals();
        using var model = new NotebookKit.Modules.Mlp([2, 64, 64, 3], ActivationKind.Relu, seed: 1);
        var history = new Trainer(model, LossFunctions.CrossEntropy, Options(200)).Fit(x, y);
        Assert.True(history.TrainAccuracy[^1] >= 0.95, $"training accuracy {history.TrainAccuracy[^1]:P1} after {history.Epochs} epochs");
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0] / 5);
    }

    [Fact]
    public void SameSeed_IdenticalLossHistory()
    {
        var (x, y) = Spirals(120);
        double[] Run()
        {
            using var model = new NotebookKit.Modules.Mlp([2, 16, 3], ActivationKind.Tanh, seed: 5);
            return new Trainer(model, LossFunctions.CrossEntropy, Options(8)).Fit(x, y).TrainLoss.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void SaveLoadResume_GivesTheSameLossesAsAnUninterruptedRun()
    {
        var (x, y) = Spirals(150);
        var (vx, vy) = Spirals(60, seed: 9);
        using var straightModel = new NotebookKit.Modules.Mlp([2, 16, 3], ActivationKind.Tanh, seed: 6);
        var straight = new Trainer(straightModel, LossFunctions.CrossEntropy, Options(10)).Fit(x, y, vx, vy);

        using var firstHalfModel = new NotebookKit.Modules.Mlp([2, 16, 3], ActivationKind.Tanh, seed: 6);
        var firstHalf = new Trainer(firstHalfModel, LossFunctions.CrossEntropy, Options(10));
        firstHalf.Fit(x, y, vx, vy, untilEpoch: 5);
        firstHalf.SaveCheckpoint(folder);

        using var resumedModel = new NotebookKit.Modules.Mlp([2, 16, 3], ActivationKind.Tanh, seed: 99); // other weights: all must come from the checkpoint
        var resumed = Trainer.Resume(folder, resumedModel, LossFunctions.CrossEntropy);
        Assert.Equal(5, resumed.EpochsDone);
        var history = resumed.Fit(x, y, vx, vy);
        Assert.Equal(straight.TrainLoss, history.TrainLoss);
        Assert.Equal(straight.ValidationLoss, history.ValidationLoss);
    }

    [Fact]
    public void HugeLearningRate_StopsWithTheNaNMessageNamingTheStep()
    {
        var (x, _) = Spirals(64);
        var target = torch.ones(64, 1) * 1e6f;
        using var model = new NotebookKit.Modules.Mlp([2, 8, 1], ActivationKind.Relu, seed: 2);
        var trainer = new Trainer(model, LossFunctions.MeanSquaredError, new TrainerOptions { Epochs = 50, LearningRate = 1e6, Optimizer = OptimizerKind.Sgd, BatchSize = 16 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(x, target));
        Assert.Matches(@"The loss became (NaN|∞|-?Infinity) at epoch \d+, step \d+ of 4 \(learning rate 1000000\)", error.Message);
    }

    [Fact]
    public void LongRun_KeepsTheNumberOfLiveTensorsFlat()
    {
        var (x, y) = Spirals(200);
        using var model = new NotebookKit.Modules.Mlp([2, 32, 3], ActivationKind.Relu, seed: 4);
        var trainer = new Trainer(model, LossFunctions.CrossEntropy, Options(25));
        trainer.Fit(x, y, untilEpoch: 5);
        // Tensors other tests left to the garbage collector are finalised now, not during the count.
        SettleFinalizers();
        var live = torch.Tensor.TotalCount;
        trainer.Fit(x, y);                                       // 20 more epochs, 140 steps
        // One-sided on purpose: tensors other tests dropped can still be finalised during the run and
        // lower the global count (it once read −22), but nothing else can raise it. A leak of even one
        // tensor per step would add 140.
        var change = torch.Tensor.TotalCount - live;
        Assert.True(change <= 2, $"the live tensor count grew by {change} over 140 training steps");
    }

    [Fact]
    public void ProgressCallback_ReportsEveryEpochWithMetrics()
    {
        var (x, y) = Spirals(90);
        using var model = new NotebookKit.Modules.Mlp([2, 8, 3], seed: 1);
        var reports = new List<ProgressReport>();
        new Trainer(model, LossFunctions.CrossEntropy, Options(4)).Fit(x, y, x, y, reports.Add);
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(4, r.TotalSteps));
        Assert.Contains("validation accuracy", reports[0].Metrics.Keys);
    }

    [Fact]
    public void MismatchedLabelCount_NamesBothSizes()
    {
        var (x, _) = Spirals(30);
        using var model = new NotebookKit.Modules.Mlp([2, 4, 3]);
        var trainer = new Trainer(model, LossFunctions.CrossEntropy, Options(1));
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(x, TensorConvert.Labels(new int[29])));
        Assert.Contains("30 inputs but targets of shape (29)", error.Message);
    }

    [Fact]
    public void EmptyDataset_IsRejected()
    {
        using var model = new NotebookKit.Modules.Mlp([2, 4, 3]);
        var trainer = new Trainer(model, LossFunctions.CrossEntropy, Options(1));
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(torch.zeros(0, 2), torch.zeros(0, ScalarType.Int64)));
        Assert.Contains("non-empty training set", error.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void NonPositiveLearningRate_IsRejected(double learningRate)
    {
        using var model = new NotebookKit.Modules.Mlp([2, 4, 3]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, LossFunctions.CrossEntropy, Options(1) with { LearningRate = learningRate }));
        Assert.Contains("positive, finite learning rate", error.Message);
    }

    [Fact]
    public void Resume_FromAFolderThatIsNoCheckpoint_SaysWhatIsMissing()
    {
        using var model = new NotebookKit.Modules.Mlp([2, 4, 3]);
        var error = Assert.Throws<FileNotFoundException>(() => Trainer.Resume(folder, model, LossFunctions.CrossEntropy));
        Assert.Contains("model.bin is missing", error.Message);
    }

    private static void SettleFinalizers()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
