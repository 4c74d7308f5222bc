package dev.coffer.classification;

import java.util.Set;

/** An AWS access key id: {@code AKIA} (long-term) or {@code ASIA} (temporary) and 16 base-32 characters. */
final class AwsAccessKeyDetector implements Detector {

	@Override
	public DetectedType type() {
		return DetectedType.AWS_ACCESS_KEY;
	}

	@Override
	public boolean accepts(Shape shape) {
		return shape.length == 20 && shape.upper + shape.digits == 20 && shape.first == 'A';
	}

	@Override
	public Match check(String value) {
		if (value.length() != 20 || !(value.startsWith("AKIA") || value.startsWith("ASIA"))) {
			return Match.NONE;
		}
		for (int i = 4; i < 20; i++) {
			char c = value.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) {
				return Match.NONE;
			}
		}
		return Match.STRONG;
	}

	@Override
	public Set<String> nameWords() {
		return Set.of("aws", "akid", "accesskey", "awskey", "accesskeyid");
	}

	@Override
	public Set<String> nameSuffixes() {
		return Set.of("access", "key", "id", "keyid");
	}

	@Override
	public Set<String> contextWords() {
		return Set.of("aws", "amazon", "iam", "access", "key", "credentials");
	}

	@Override
	public double baseScore() {
		return 0.9;
	}

	@Override
	public double contextScore() {
		return 1.0;
	}
}
