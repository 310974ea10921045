using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class Synthetic2DTests
{
    [Fact]
    public void Blobs_SameSeed_SamePoints_DifferentSeed_DifferentPoints()
    {
        var a = Synthetic2D.Blobs(50, seed: 4);
        var b = Synthetic2D.Blobs(50, seed: 4);
        var c = Synthetic2D.Blobs(50, seed: 5);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Fact]
    public void Blobs_AreBalanced_AndCentredWhereAsked()
    {
        var data = Synthetic2D.Blobs(2000, seed: 1, separation: 4, spread: 0.5, centreX: 3, centreY: -1);
        Assert.Equal(1000, data.Labels.Count(l => l == 1));
        double MeanOf(int label, int column) => Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == label).Average(i => data.Features[i, column]);
        Assert.Equal(1.0, MeanOf(0, 0), 1);   // 3 - 2
        Assert.Equal(-3.0, MeanOf(0, 1), 1);  // -1 - 2
        Assert.Equal(5.0, MeanOf(1, 0), 1);   // 3 + 2
        Assert.Equal(1.0, MeanOf(1, 1), 1);   // -1 + 2
    }

    [Fact]
    public void Xor_LabelIsOneExactlyWhenTheCornerSignsDiffer()
    {
        var data = Synthetic2D.Xor(400, seed: 2, noise: 0.0);
        for (var i = 0; i < data.Count; i++)
            Assert.Equal(data.Features[i, 0] * data.Features[i, 1] < 0 ? 1 : 0, data.Labels[i]);
    }

    [Fact]
    public void Spirals_HaveOneArmPerClass_WithinTheUnitDisc()
    {
        var data = Synthetic2D.Spirals(300, classes: 3, seed: 2, noise: 0);
        Assert.Equal(3, data.ClassCount);
        Assert.Equal(100, data.Labels.Count(l => l == 2));
        Assert.All(Enumerable.Range(0, data.Count), i => Assert.InRange(Math.Sqrt(data[i].X1 * data[i].X1 + data[i].X2 * data[i].X2), 0, 1));
    }

    [Fact]
    public void Moons_AreBalancedTwoClasses()
    {
        var data = Synthetic2D.Moons(200, seed: 3);
        Assert.Equal(2, data.ClassCount);
        Assert.Equal(100, data.Labels.Count(l => l == 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Generators_NonPositiveCount_Throw(int count)
    {
        Assert.Contains("positive number of points", Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic2D.Blobs(count)).Message);
        Assert.Contains("positive number of points", Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic2D.Xor(count)).Message);
    }
}

public sealed class Dataset2DTests
{
    [Fact]
    public void Constructor_WrongWidth_NamesExpectedAndActualShape()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset2D(new double[3, 4], new int[3]));
        Assert.Contains("(N, 2)", error.Message);
        Assert.Contains("(N, 4)", error.Message);
    }

    [Fact]
    public void Constructor_LabelCountMismatch_NamesBothCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset2D(new double[3, 2], new int[2]));
        Assert.Contains("3 points but 2 labels", error.Message);
    }

    [Fact]
    public void Constructor_Empty_Throws()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new Dataset2D(new double[0, 2], [])).Message);
    }

    [Fact]
    public void Constructor_NegativeLabel_NamesTheIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset2D(new double[2, 2], [0, -1]));
        Assert.Contains("got -1 at index 1", error.Message);
    }

    [Fact]
    public void Split_IsSeeded_Disjoint_AndComplete()
    {
        var data = Synthetic2D.Spirals(100, classes: 3, seed: 1);
        var (train, validation) = data.Split(0.2, seed: 5);
        Assert.Equal(80, train.Count);
        Assert.Equal(20, validation.Count);
        Assert.Equal(3, train.ClassCount);
        var all = Enumerable.Range(0, train.Count).Select(i => train[i]).Concat(Enumerable.Range(0, validation.Count).Select(i => validation[i])).ToHashSet();
        Assert.Equal(100, all.Count);
        Assert.Equal(validation.Features, data.Split(0.2, seed: 5).Validation.Features);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Split_DegenerateFraction_Throws(double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic2D.Xor(10).Split(fraction));
    }

    [Fact]
    public void Accuracy_CountsCorrectPredictions()
    {
        var data = new Dataset2D(new double[,] { { 0, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 } }, [0, 0, 1, 1]);
        Assert.Equal(0.75, data.Accuracy((x, _) => x >= 1 ? 1 : 0));
    }
}
