package io.mgd.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mgd.core.config.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden comparison itself must notice every kind of difference. */
class TypedJsonTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('\'', '"'));
    }

    @Test
    void decodedValuesMatchThemselves() throws Exception {
        JsonNode spec = TypedJson.resource("interop_input.json");
        assertEquals(List.of(), TypedJson.diff(spec, TypedJson.decode(spec)));
    }

    @Test
    void differencesAreReported() throws Exception {
        JsonNode tuple = json("{'t':'tuple','items':[{'t':'int','v':'1'}]}");
        assertEquals(1, TypedJson.diff(tuple, new ArrayList<>(List.of(1L))).size());
        assertEquals(0, TypedJson.diff(tuple, Tuple.of(1L)).size());
        assertEquals(1, TypedJson.diff(tuple, Tuple.of(2L)).size());
        JsonNode negZero = json("{'t':'float','v':'-0.0'}");
        assertEquals(1, TypedJson.diff(negZero, 0.0).size());
        JsonNode tensor = json("{'t':'tensor','dtype':'int8','shape':[2],'hex':'0102'}");
        assertEquals(0, TypedJson.diff(tensor, TensorData.of(DType.INT8, new long[] {2},
                new byte[] {1, 2})).size());
        assertEquals(1, TypedJson.diff(tensor, TensorData.of(DType.INT8, new long[] {2},
                new byte[] {1, 3})).size());
        assertEquals(1, TypedJson.diff(tensor, TensorData.of(DType.UINT8, new long[] {2},
                new byte[] {1, 2})).size());
        JsonNode odict = json("{'t':'odict','items':[],'attrs':{'_metadata':{'t':'none'}}}");
        assertTrue(!TypedJson.diff(odict, new PyOrderedDict()).isEmpty());
        assertTrue(!TypedJson.diff(odict, Map.of()).isEmpty());
    }
}
