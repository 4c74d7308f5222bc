package dev.coffer.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.coffer.api.error.ValidationFailedException;
import dev.coffer.api.error.ValidationFailedException.FieldError;
import dev.coffer.api.security.Authz;
import dev.coffer.api.security.Permission;
import dev.coffer.policy.PolicyBodies.MaskingRule;
import dev.coffer.policy.PolicyBodies.TagPolicyBody;
import dev.coffer.policy.TagProtectionBodies.Definition;
import dev.coffer.policy.TagProtectionBodies.Request;
import dev.coffer.tokenization.TokenService;

/**
 * Validates tag protection requests (everything but whether the token format exists and is of the
 * right kind, which is checked when a change is applied) and compiles a protection into the tag
 * policy it manages.
 */
@Component
class TagProtectionDefinitions {

	static final int MAX_ROLES = 100;

	/** How a token format is named (built-in and custom formats alike). */
	static final Pattern FORMAT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final PolicyValidator validator;

	private final MaskCompiler masks;

	private final TokenService tokens;

	TagProtectionDefinitions(PolicyValidator validator, MaskCompiler masks, TokenService tokens) {
		this.validator = validator;
		this.masks = masks;
		this.tokens = tokens;
	}

	/**
	 * The validated, normalized definition of {@code request} (tag and description apart), after
	 * checking that the caller may give what it gives: {@code detokenize} needs
	 * {@code tokens:detokenize}, {@code tokenize} {@code tokens:tokenize}.
	 * @throws ValidationFailedException listing every problem
	 */
	Definition validate(Request request) {
		if (request == null) {
			throw ValidationFailedException.of("", "required", "a JSON object is required");
		}
		List<FieldError> errors = new ArrayList<>();
		PolicyValidator.checkLabel("tag", request.tag(), true, errors);
		PolicyValidator.checkLabel("tag_value", request.tagValue(), false, errors);
		if (request.description() != null && request.description().length() > 1024) {
			errors.add(new FieldError("description", "too_long", "must be at most 1024 characters"));
		}
		ProtectionType type = ProtectionType.find(request.protection()).orElse(null);
		if (request.protection() == null) {
			errors.add(new FieldError("protection", "required", "is required: governed_mask, vault_tokenization or fpe"));
		}
		else if (type == null) {
			errors.add(new FieldError("protection", "unknown_protection", "must be governed_mask, vault_tokenization or fpe"));
		}
		if (type == null) {
			throw new ValidationFailedException(errors.isEmpty()
					? List.of(new FieldError("protection", "required", "is required")) : errors);
		}
		Definition definition = type == ProtectionType.GOVERNED_MASK ? governedMask(request, errors) : tokenized(type, request, errors);
		if (!errors.isEmpty()) {
			throw new ValidationFailedException(errors);
		}
		if (type == ProtectionType.GOVERNED_MASK) {
			PolicyService.requireVaultPermissions(definition.rules());
		}
		else {
			Authz.require(Permission.DETOKENIZE);
			PolicyService.requireVaultPermissions(List.of(new MaskingRule("*", definition.others())));
		}
		return definition;
	}

	private Definition governedMask(Request request, List<FieldError> errors) {
		notApplicable("token_format", request.tokenFormat(), errors);
		notApplicable("detokenize_roles", request.detokenizeRoles(), errors);
		notApplicable("others", request.others(), errors);
		if (request.rules() == null || request.rules().isEmpty()) {
			errors.add(new FieldError("rules", "required", "must have at least one rule"));
			return null;
		}
		try {
			// the rules as a tag policy validates them (names and tag are checked above)
			TagPolicyBody body = this.validator.tag(new TagPolicyBody("protection", null, "tag", null, request.rules()));
			return new Definition(ProtectionType.GOVERNED_MASK.value(), body.rules(), null, null, null);
		}
		catch (ValidationFailedException invalid) {
			errors.addAll(invalid.errors());
			return null;
		}
	}

	private Definition tokenized(ProtectionType type, Request request, List<FieldError> errors) {
		notApplicable("rules", request.rules(), errors);
		String format = request.tokenFormat();
		if (format == null || format.isEmpty()) {
			errors.add(new FieldError("token_format", "required", "is required: the token format of the columns' values"));
		}
		else if (!FORMAT_NAME.matcher(format).matches()) {
			errors.add(new FieldError("token_format", "invalid_format",
					"must be a token format name (1 to 64 letters, digits, '.', '_' or '-')"));
		}
		List<String> roles = new ArrayList<>();
		if (request.detokenizeRoles() == null || request.detokenizeRoles().isEmpty()) {
			errors.add(new FieldError("detokenize_roles", "required", "must name at least one role"));
		}
		else if (request.detokenizeRoles().size() > MAX_ROLES) {
			errors.add(new FieldError("detokenize_roles", "too_many", "must name at most " + MAX_ROLES + " roles"));
		}
		else {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < request.detokenizeRoles().size(); i++) {
				String field = "detokenize_roles[" + i + "]";
				String name = request.detokenizeRoles().get(i);
				if (PolicyValidator.ANY_ROLE.equals(name)) {
					errors.add(new FieldError(field, "invalid_format", "must name a role; every other role gets 'others'"));
					continue;
				}
				String role = PolicyValidator.role(field, name, seen, errors);
				if (role != null) {
					roles.add(role);
				}
			}
		}
		Masking others = Masking.of(MaskingType.NO_MASK);
		if (request.others() != null) {
			MaskSpec spec = MaskSpec.parse("others", request.others(), this.masks.tokenFormats(), errors);
			if (spec != null && spec.type() == MaskingType.DETOKENIZE) {
				errors.add(new FieldError("others.type", "not_allowed",
						"must not be detokenize: only detokenize_roles see the original values"));
			}
			else if (spec != null) {
				others = spec.view();
			}
		}
		return new Definition(type.value(), null, format, List.copyOf(roles), others);
	}

	private static void notApplicable(String field, Object value, List<FieldError> errors) {
		if (value != null) {
			errors.add(new FieldError(field, "not_applicable", "does not apply to this protection"));
		}
	}

	/**
	 * The tag policy the protection manages.
	 * @throws ApplyFailedException when the token format does not exist or is of the other kind
	 */
	TagPolicyBody compile(TagProtectionStore.Row row, Definition definition) {
		ProtectionType type = ProtectionType.find(definition.protection()).orElseThrow();
		String value = row.tagValue().isEmpty() ? null : row.tagValue();
		String what = type.value() + " of tag " + row.tag() + (value == null ? "" : "=" + value);
		String description = "Managed by tag protection " + row.id() + " (" + what + "): change it through "
				+ "/api/v1/tag-masking/" + row.id() + ".";
		List<MaskingRule> rules;
		if (type == ProtectionType.GOVERNED_MASK) {
			rules = definition.rules();
		}
		else {
			String format = definition.tokenFormat();
			if (!this.tokens.formats().contains(format)) {
				throw new ApplyFailedException("unknown_format", "Token format '" + format + "' does not exist; formats "
						+ "masking policies can use: " + String.join(", ", this.tokens.formats()));
			}
			boolean fpe = this.tokens.formatRequiredToDetokenize(format);
			if (fpe != (type == ProtectionType.FPE)) {
				throw new ApplyFailedException("wrong_format_kind", "Token format '" + format + "' is "
						+ (fpe ? "a vaultless FPE format: protect with fpe" : "a vaulted format: protect with vault_tokenization"));
			}
			Masking detokenize = new Masking(MaskingType.DETOKENIZE.value(), null, null, null, null, null, null, null, null,
					format);
			rules = new ArrayList<>();
			for (String role : definition.detokenizeRoles()) {
				rules.add(new MaskingRule(role, detokenize));
			}
			rules.add(new MaskingRule(PolicyValidator.ANY_ROLE, definition.others()));
		}
		return new TagPolicyBody("tag-protection-" + row.id(), description, row.tag(), value, rules);
	}

	/** A change that cannot be applied as requested: the protection becomes {@code failed} with this code. */
	static final class ApplyFailedException extends RuntimeException {

		private final String code;

		ApplyFailedException(String code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

		String code() {
			return this.code;
		}
	}
}
