from sponsors.models.consent import Consent, ConsentChange
from sponsors.models.money import FeeReduction, Invoice, InvoiceCounter, InvoiceLine, Payment, SeatRelease
from sponsors.models.organisations import Sponsor, SponsorInvitation, SponsorLead, SponsorMember
from sponsors.models.sponsorships import Sponsorship, SponsorshipSeat

__all__ = [
    "Consent",
    "ConsentChange",
    "FeeReduction",
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "Payment",
    "SeatRelease",
    "Sponsor",
    "SponsorInvitation",
    "SponsorLead",
    "SponsorMember",
    "Sponsorship",
    "SponsorshipSeat",
]
