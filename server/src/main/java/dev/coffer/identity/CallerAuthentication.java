package dev.coffer.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.coffer.api.security.Caller;

/** The authenticated caller in Spring Security's context; its name is the principal reference. */
final class CallerAuthentication extends AbstractAuthenticationToken {

	private final Caller caller;

	CallerAuthentication(Caller caller) {
		super(caller.permissions().stream().map(p -> new SimpleGrantedAuthority(p.value())).toList());
		this.caller = caller;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

	@Override
	public String getName() {
		return this.caller.reference();
	}
}
