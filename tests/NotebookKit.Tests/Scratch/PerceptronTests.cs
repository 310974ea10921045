using NotebookKit.Data;
using NotebookKit.Scratch;

namespace NotebookKit.Tests.Scratch;

public sealed class PerceptronTests
{
    [Fact]
    public void Update_Mistake_MovesTowardsTheExample_CorrectPrediction_ChangesNothing()
    {
        var perceptron = new Perceptron();                  // scores 0 -> predicts class 0
        Assert.True(perceptron.Update(2, -1, label: 1, learningRate: 0.5));
        Assert.Equal(new[] { 1.0, -0.5 }, perceptron.Weights);
        Assert.Equal(0.5, perceptron.Bias);
        Assert.Equal(1, perceptron.Predict(2, -1));
        Assert.False(perceptron.Update(2, -1, label: 1, learningRate: 0.5));
        Assert.Equal(new[] { 1.0, -0.5 }, perceptron.Weights);
    }

    [Fact]
    public void Fit_SeparableBlobs_ConvergesToZeroMistakes()
    {
        var data = Synthetic2D.Blobs(200, seed: 1, separation: 2.5, spread: 0.6, centreX: 3, centreY: 2);
        var perceptron = new Perceptron();
        var history = perceptron.Fit(data, epochs: 100);
        Assert.Equal(0, history[^1].Mistakes);
        Assert.True(history.Count < 100);
        Assert.Equal(1.0, data.Accuracy(perceptron.Predict));
    }

    [Fact]
    public void Fit_Xor_NeverStopsMakingMistakes()
    {
        var data = Synthetic2D.Xor(200, seed: 2);
        var perceptron = new Perceptron();
        var history = perceptron.Fit(data, epochs: 50);
        Assert.Equal(50, history.Count);
        Assert.All(history, h => Assert.True(h.Mistakes > 0));
        Assert.True(data.Accuracy(perceptron.Predict) <= 0.8);
    }

    [Fact]
    public void Fit_SameSeed_SameHistory()
    {
        var data = Synthetic2D.Blobs(100, seed: 9, separation: 2, spread: 0.8);
        var first = new Perceptron().Fit(data, 30, seed: 4).Select(h => (h.Mistakes, h.Bias)).ToArray();
        var second = new Perceptron().Fit(data, 30, seed: 4).Select(h => (h.Mistakes, h.Bias)).ToArray();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Fit_CallsBackOncePerEpoch()
    {
        var epochs = new List<int>();
        var history = new Perceptron().Fit(Synthetic2D.Xor(40), 7, onEpoch: e => epochs.Add(e.Epoch));
        Assert.Equal(Enumerable.Range(1, 7), epochs);
        Assert.Equal(7, history.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Fit_BadLearningRate_Throws(double learningRate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Perceptron().Fit(Synthetic2D.Xor(8), 3, learningRate));
        Assert.Contains("positive, finite learning rate", error.Message);
    }

    [Fact]
    public void Fit_NonPositiveEpochs_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Perceptron().Fit(Synthetic2D.Xor(8), 0));
    }

    [Fact]
    public void Update_LabelNotBinary_Throws()
    {
        Assert.Contains("0 or 1", Assert.Throws<ArgumentOutOfRangeException>(() => new Perceptron().Update(0, 0, -1, 1)).Message);
    }
}
