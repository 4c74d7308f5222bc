package dev.coffer.api;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** PostgreSQL text cannot hold U+0000: refuse it at the JSON boundary (400) instead of in the store (500). */
@Configuration(proxyBeanMethods = false)
class JsonInputConfiguration {

	@Bean
	JsonMapperBuilderCustomizer rejectNulInStrings() {
		SimpleModule module = new SimpleModule("coffer-no-nul").addDeserializer(String.class, new StringDeserializer() {
			@Override
			public String deserialize(JsonParser parser, DeserializationContext context) {
				String value = super.deserialize(parser, context);
				if (value != null && value.indexOf('\0') >= 0) {
					throw MismatchedInputException.from(parser, String.class, "U+0000 is not allowed");
				}
				return value;
			}
		});
		return builder -> builder.addModule(module);
	}
}
