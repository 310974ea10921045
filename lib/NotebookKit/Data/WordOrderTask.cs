namespace NotebookKit.Data;

/// <summary>One example of the word-order task: a sentence, and whether its words are in their original order.</summary>
public sealed record WordOrderExample(string[] Tokens, bool InOrder);

/// <summary>
/// A sequence classification task that only order can solve: half the sentences are kept as they
/// are, in the other half two neighbouring words trade places ("i drink hot tea" → "i hot drink
/// tea"). Swapping neighbours almost never gives another sentence of the grammar (swapping any two
/// words often does: "i see you" → "you see i"… or "you eat bread and drink tea" → "you eat tea and
/// drink bread"), so the answer is well defined. Both versions hold exactly the same words, so a
/// model that sees a bag of words is at chance (50%); it has to know where each word is.
/// </summary>
public static class WordOrderTask
{
    public static IReadOnlyList<WordOrderExample> Generate(IReadOnlyList<string[]> sentences, int seed)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var random = new Random(seed);
        var examples = new List<WordOrderExample>(sentences.Count);
        foreach (var sentence in sentences)
        {
            if (!sentence.Zip(sentence.Skip(1)).Any(p => p.First != p.Second))
                throw new ArgumentException($"Expected sentences with two different neighbouring words, got '{string.Join(' ', sentence)}'.", nameof(sentences));
            if (random.Next(2) == 0) { examples.Add(new WordOrderExample(sentence, true)); continue; }
            var swapped = (string[])sentence.Clone();
            int i;
            do i = random.Next(swapped.Length - 1); while (swapped[i] == swapped[i + 1]);
            (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
            examples.Add(new WordOrderExample(swapped, false));
        }
        return examples;
    }
}
