namespace NotebookKit.Data;

/// <summary>
/// One sentence in which "it" refers to one of two nouns, and only a word after "it" says which:
/// "the dog ate the soup because it was hungry" (it = dog) against "… because it was warm"
/// (it = soup). Positions are token indices.
/// </summary>
public sealed record PronounSentence(string[] Tokens, int PronounPosition, int ReferentPosition, int OtherNounPosition)
{
    public string Referent => Tokens[ReferentPosition];
    public string Text => string.Join(' ', Tokens);
}

/// <summary>
/// A generated corpus for the pronoun example of chapter 11: every combination of an animal, a
/// food, an adjective and one of three sentence patterns (the animal first or the food first; the
/// pronoun at position 7 or 8), all eleven tokens long. The adjective decides the referent: hungry,
/// tired… describe the animal; delicious, warm… the food. Nothing but the adjective, which comes
/// after "it", tells the two readings apart.
/// </summary>
public static class PronounCorpus
{
    public static readonly string[] Animals = ["dog", "cat", "bird", "horse", "fox", "monkey", "bear", "goat", "duck", "mouse", "pig", "rabbit"];
    public static readonly string[] Foods = ["soup", "cake", "bread", "apple", "rice", "pie", "cheese", "pear", "salad", "corn", "egg", "plum"];

    /// <summary>The three patterns, with the adjectives that point to the animal and to the food in each.</summary>
    private static readonly (string Pattern, string[] AnimalWords, string[] FoodWords)[] Patterns =
    [
        ("the {A} ate the {F} quickly because it was very {J}", ["hungry", "greedy", "starved"], ["tasty", "warm", "sweet"]),
        ("the {A} did not eat the {F} because it was {J}", ["full", "sick", "tired"], ["cold", "stale", "burnt"]),
        ("the {F} was eaten by the {A} because it was {J}", ["hungry", "greedy", "starved"], ["tasty", "warm", "sweet"]),
    ];

    /// <summary>Every sentence the patterns make (12 × 12 × 6 × 3 = 2592), in a fixed order.</summary>
    public static IReadOnlyList<PronounSentence> All()
    {
        var sentences = new List<PronounSentence>();
        foreach (var (pattern, animalWords, foodWords) in Patterns)
            foreach (var animal in Animals)
                foreach (var food in Foods)
                    foreach (var (adjective, aboutAnimal) in animalWords.Select(w => (w, true)).Concat(foodWords.Select(w => (w, false))))
                    {
                        var tokens = pattern.Replace("{A}", animal).Replace("{F}", food).Replace("{J}", adjective).Split(' ');
                        if (tokens.Length != Length) throw new InvalidOperationException($"Expected sentences of {Length} tokens, got {tokens.Length}: {string.Join(' ', tokens)}");
                        int animalAt = Array.IndexOf(tokens, animal), foodAt = Array.IndexOf(tokens, food);
                        sentences.Add(new PronounSentence(tokens, Array.IndexOf(tokens, "it"), aboutAnimal ? animalAt : foodAt, aboutAnimal ? foodAt : animalAt));
                    }
        return sentences;
    }

    /// <summary>A seeded split of <see cref="All"/> into training and test sentences.</summary>
    public static (IReadOnlyList<PronounSentence> Train, IReadOnlyList<PronounSentence> Test) Split(double testFraction = 0.2, int seed = 0)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Expected a test fraction in (0, 1).");
        var all = All().ToArray();
        new Random(seed).Shuffle(all);
        var test = (int)Math.Round(all.Length * testFraction);
        return (all[test..], all[..test]);
    }

    /// <summary>The length of every sentence.</summary>
    public const int Length = 11;

    /// <summary>Every word of the corpus, sorted, so that a word's index is its id.</summary>
    public static IReadOnlyList<string> Words() => All().SelectMany(s => s.Tokens).Distinct().Order(StringComparer.Ordinal).ToArray();
}
