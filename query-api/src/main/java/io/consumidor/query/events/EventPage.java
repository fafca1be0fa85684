package io.consumidor.query.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** A page of a subject's events, newest first; {@code next} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventPage(String subject, List<Map<String, Object>> events, String next) {
}
