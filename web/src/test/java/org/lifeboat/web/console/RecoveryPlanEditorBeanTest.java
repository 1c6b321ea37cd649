package org.lifeboat.web.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Where the plan editor shows the API's refusal of a field: beside the input the field names. */
class RecoveryPlanEditorBeanTest {

    @Test
    void aPlanFieldIsItsInput() {
        assertEquals("editor:name", RecoveryPlanEditorBean.inputOf("name"));
        assertEquals("editor:description", RecoveryPlanEditorBean.inputOf("description"));
    }

    @Test
    void aGroupOrOneOfItsItemsIsTheGroupsItemChoice() {
        assertEquals("editor:groups:1:items", RecoveryPlanEditorBean.inputOf("groups[1]"));
        assertEquals("editor:groups:1:items", RecoveryPlanEditorBean.inputOf("groups[1].items"));
        assertEquals("editor:groups:0:items", RecoveryPlanEditorBean.inputOf("groups[0].items[3]"));
    }

    @Test
    void anActionsFieldIsTheActionsInput() {
        assertEquals("editor:groups:2:postActions:0:value", RecoveryPlanEditorBean.inputOf("groups[2].postActions[0].text"));
        assertEquals("editor:groups:0:preActions:1:value", RecoveryPlanEditorBean.inputOf("groups[0].preActions[1].script"));
        assertEquals("editor:preActions:0:value", RecoveryPlanEditorBean.inputOf("preActions[0].timeoutSeconds"));
        assertEquals("editor:postActions:4:value", RecoveryPlanEditorBean.inputOf("postActions[4]"));
    }

    @Test
    void aFieldWithoutAnInputGoesToThePage() {
        assertNull(RecoveryPlanEditorBean.inputOf("groups"));
        assertNull(RecoveryPlanEditorBean.inputOf("groups[0].preActions"));
        assertNull(RecoveryPlanEditorBean.inputOf("preActions"));
        assertNull(RecoveryPlanEditorBean.inputOf("comments"));
    }
}
