package dev.parley.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Python type name Django REST Framework prints for a JSON value in its error messages
 * ("Expected a dictionary, but got list."). Shared by the dialects whose seeds are DRF APIs.
 */
public final class PythonTypes {
    private PythonTypes() {}

    public static String of(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "NoneType";
        }
        if (v.isTextual()) {
            return "str";
        }
        if (v.isIntegralNumber()) {
            return "int";
        }
        if (v.isNumber()) {
            return "float";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "list";
        }
        if (v.isObject()) {
            return "dict";
        }
        return "NoneType";
    }
}
