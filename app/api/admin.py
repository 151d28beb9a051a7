"""Endpoints under /api/<storeCode>/admin: admins only."""
from flask import g

from openloyalty_standin.app.auth import access, authenticate
from openloyalty_standin.app.openapi import registration_links
from openloyalty_standin.app.response_cache import kept
from openloyalty_standin.app.services import activation, customer_search, customers, importer, privacy, status
from openloyalty_standin.app.wire import Blueprint, empty
from openloyalty_standin.schemas.customer import (
    CustomerListQuery,
    CustomerListSchema,
    RegisterCustomerRequest,
    RegisteredCustomerSchema,
)
from openloyalty_standin.schemas.importer import ImportFileRequest, ImportResultSchema
from openloyalty_standin.schemas.status import CustomerStatusSchema

bp = Blueprint("admin", __name__, url_prefix="/api/<storeCode>/admin", description="Admin")


@bp.route("/customer", methods=["GET"], strict_slashes=False)
@kept
@access("admin")
@bp.arguments(CustomerListQuery, location="query")
@bp.response(200, CustomerListSchema)
def list_customers(query):
    """Get a customer list as an admin."""
    return customer_search.list_customers(store=g.store, query=query)


@bp.route("/customer/register", methods=["POST"])
@access("admin")
@bp.arguments(RegisterCustomerRequest)
@bp.response(200, RegisteredCustomerSchema)
@bp.doc(**registration_links())
def register_customer(body):
    """Register a new customer as an admin."""
    return customers.register_customer(store=g.store, data=body["customer"], caller=authenticate())


@bp.route("/customer/<customer:customer>/activate", methods=["POST"])
@access("admin")
@bp.response(200)
def activate_customer(customer):
    """Activate a customer."""
    customers.activate_customer(customer=customer)
    return empty()


@bp.route("/customer/<customer:customer>/deactivate", methods=["POST"])
@access("admin")
@bp.response(200)
def deactivate_customer(customer):
    """Deactivate a customer."""
    customers.deactivate_customer(customer=customer)
    return empty()


@bp.route("/customer/<customer:customer>/status", methods=["GET"])
@kept
@access("admin")
@bp.response(200, CustomerStatusSchema)
def get_customer_status(customer):
    """Get customer status."""
    return status.customer_status(customer=customer)


@bp.route("/customer/<customer:customer>/send-sms-code", methods=["POST"])
@access("admin")
@bp.response(200)
def send_activation_code(customer):
    """Send an activation code to a customer as an admin."""
    activation.send_activation_code(customer=customer)
    return empty()


@bp.route("/customer/<customer:customer>/anonymize", methods=["POST"])
@access("admin")
@bp.response(204)
def anonymize_customer(customer):
    """Anonymize customer."""
    privacy.anonymize_customer(customer=customer)
    return empty(204)


@bp.route("/customer/import", methods=["POST"])
@access("admin")
@bp.arguments(ImportFileRequest, location="form", content_type="multipart/form-data")
@bp.response(200, ImportResultSchema)
def import_customers(body):
    """Import customers from an XML file.

    The file (`file[file]`, `application/xml` or `text/xml`, at most 16 MB) holds a `<customers>`
    root with one `<customer>` element per customer; node names are case-sensitive:

    - required: `email`, `firstName`, `lastName`, `gender` (`male`, `female`, `not_disclosed`),
      `active` and `agreement1` (`true` or `false`);
    - optional: `birthDate` (`YYYY-MM-DD`), `phone`, `loyaltyCardNumber`, `agreement2`, `agreement3`,
      `sendActivationMail` (`true` e-mails an activation link to a customer that is not `active`),
      `levelId`, `posId`, `sellerId` (UUIDs of existing records), `address` (`street`, `address1`,
      `address2`, `postal`, `city`, `province`, `country`), `company` (`name` and `nip`), and
      `labels` with `label` elements of `key` and `value`.

    Each customer is registered as an admin registers one (a temporary password is e-mailed) and
    gets one item in the answer: `success` with the new id, or `error` with Open Loyalty's
    `Convert exception: ...` (a node missing or malformed) or `Process exception: ...` (e.g. the
    e-mail is taken). A file that is no such XML is a 400 form error on `file`. The repository's
    `seeds/customers.xml` is a sample:

    ```xml
    <customers>
      <customer>
        <email>anna.import@example.com</email>
        <firstName>Anna</firstName>
        <lastName>Import</lastName>
        <gender>female</gender>
        <birthDate>1991-04-12</birthDate>
        <active>true</active>
        <agreement1>true</agreement1>
      </customer>
    </customers>
    ```
    """
    return importer.import_customers(store=g.store, form=body["file"])
