package dev.coffer.identity;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The roles masking and row policies see for a principal that is not the caller (e.g. for
 * {@code POST /api/v1/access/evaluate} with a {@code principal}): the platform role names and data
 * roles of every usable key (active, not expired) of the principal, together. OIDC users are not
 * stored, so they are not found here: their roles come with their tokens.
 */
public interface PrincipalPolicyRoles {

	/** The roles, sorted; empty when no principal has this id. */
	Optional<SortedSet<String>> of(String principalId);
}
