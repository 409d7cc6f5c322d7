//! How far apart two embeddings are.

/// Cosine distance, `1 - cos(a, b)`: 0 for the same direction, 1 for orthogonal, 2 for
/// opposite; the scale `score-threshold` uses (lower = closer). Vectors of different
/// lengths, or a zero vector, are as far apart as unrelated ones (1).
#[must_use]
pub fn cosine_distance(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 1.0;
    }
    let (mut dot, mut aa, mut bb) = (0.0_f64, 0.0_f64, 0.0_f64);
    for (x, y) in a.iter().zip(b) {
        let (x, y) = (f64::from(*x), f64::from(*y));
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        return 1.0;
    }
    1.0 - dot / (aa.sqrt() * bb.sqrt())
}

#[cfg(test)]
mod tests {
    use super::cosine_distance;

    #[test]
    fn distances() {
        assert!(cosine_distance(&[1.0, 0.0], &[2.0, 0.0]).abs() < 1e-12);
        assert!((cosine_distance(&[1.0, 0.0], &[0.0, 3.0]) - 1.0).abs() < 1e-12);
        assert!((cosine_distance(&[1.0, 0.0], &[-1.0, 0.0]) - 2.0).abs() < 1e-12);
        assert!((cosine_distance(&[1.0, 1.0], &[1.0, 0.0]) - (1.0 - std::f64::consts::FRAC_1_SQRT_2)).abs() < 1e-9);
        assert!((cosine_distance(&[1.0], &[1.0, 0.0]) - 1.0).abs() < 1e-12);
        assert!((cosine_distance(&[0.0, 0.0], &[1.0, 0.0]) - 1.0).abs() < 1e-12);
    }
}
