import Foundation

/// A pseudo-random source that gives the same numbers for the same seed on every machine and
/// run (SplitMix64), so a replayed day and its figures are reproducible.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1): never 0, so its logarithm is finite.
    mutating func unit() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// Uniform in `low...high`.
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Exponentially distributed with this mean (the gap between events of a Poisson process).
    mutating func exponential(mean: Double) -> Double { -mean * log(unit()) }

    /// Log-normally distributed with this median and spread (σ of the logarithm): service
    /// times are skewed, most short and a few long.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        let normal = (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit())
        return median * exp(sigma * normal)
    }
}
