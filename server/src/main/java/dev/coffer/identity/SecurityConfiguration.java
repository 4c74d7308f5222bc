package dev.coffer.identity;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.coffer.api.error.ApiException;
import dev.coffer.api.error.ErrorCode;
import dev.coffer.api.error.PermissionDeniedException;
import dev.coffer.api.error.ProblemWriter;
import dev.coffer.api.security.Caller;
import dev.coffer.api.security.Permission;

/**
 * Everything needs authentication except: health, the API description, Swagger UI, the changelog
 * and the error pages. Stateless (no session, no CSRF token: no cookies are ever issued).
 * Authorization of operations is explicit in each controller ({@code Authz.require}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String[] PUBLIC_PATHS = { "/actuator/health", "/actuator/health/**", "/api/openapi",
			"/api/openapi.json", "/api/openapi.yaml", "/api/openapi/**", "/api/swagger", "/api/swagger/**",
			"/api/swagger-ui.html", "/api/swagger-ui/**", "/api/changelog", "/api/errors", "/api/errors/**",
			"/error" };

	/**
	 * No Micrometer observation around each security filter, authorization and authentication: they
	 * were about a fifth of the server's CPU per request (health and tokenize alike, issue 4), for
	 * {@code spring.security.*} meters nobody reads. Requests stay observed as a whole
	 * ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthenticator apiKeys, OidcAuthenticator oidc,
			RequestRateLimiter rateLimiter, ProblemWriter problems, AuthFailureAuditor failures, AuthFailureLimiter limiter) throws Exception {
		RequestMatcher publicPaths = publicPaths();
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new AuthenticationFilter(apiKeys, oidc, rateLimiter, problems, publicPaths, failures, limiter),
					AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(authorize -> authorize
				.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
				.permitAll()
				.requestMatchers(publicPaths)
				.permitAll()
				.requestMatchers("/actuator/prometheus")
				.access((authentication, context) -> new AuthorizationDecision(
						authentication.get().getPrincipal() instanceof Caller caller
								&& caller.has(Permission.METRICS_READ)))
				.anyRequest()
				.authenticated())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint((request, response, ex) -> problems.write(request, response,
						new ApiException(ErrorCode.UNAUTHENTICATED,
								"Authentication required: send an API key (Basic or Bearer) or an OIDC token")))
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response,
						new PermissionDeniedException(Permission.METRICS_READ.value()))))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")));
		return http.build();
	}

	static RequestMatcher publicPaths() {
		RequestMatcher[] matchers = new RequestMatcher[PUBLIC_PATHS.length];
		for (int i = 0; i < PUBLIC_PATHS.length; i++) {
			matchers[i] = PathPatternRequestMatcher.withDefaults().matcher(PUBLIC_PATHS[i]);
		}
		return new OrRequestMatcher(matchers);
	}
}
