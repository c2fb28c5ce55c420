#include "recmeta.h"

Thidua__V1__Meta **recmeta_slot(const Thidua__V1__Record *rec)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(rec->base.descriptor, rec->body_case);
    if (!f)
        return NULL;
    ProtobufCMessage *body = *(ProtobufCMessage **)((char *)rec + f->offset);
    if (!body)
        return NULL;
    const ProtobufCFieldDescriptor *m =
        protobuf_c_message_descriptor_get_field_by_name(body->descriptor, "meta");
    return m ? (Thidua__V1__Meta **)((char *)body + m->offset) : NULL;
}

Thidua__V1__Meta *recmeta_get(const Thidua__V1__Record *rec)
{
    Thidua__V1__Meta **slot = recmeta_slot(rec);
    return slot ? *slot : NULL;
}
