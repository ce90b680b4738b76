-- R-83: AIR engagement contracts between an establishment and the CNAM, with their validity.
CREATE TABLE access_air_contract (
    structure_id VARCHAR(100) PRIMARY KEY,
    valid_from   TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until  TIMESTAMP WITH TIME ZONE,
    reference    VARCHAR(200)
);
